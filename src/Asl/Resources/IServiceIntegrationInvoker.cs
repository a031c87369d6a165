namespace Sluice.Asl.Resources;

/// <summary>
/// Runs a service integration: an optimised one (<c>arn:aws:states:::sns:publish</c> gives
/// service "sns", action "publish") or the aws-sdk form (<c>arn:aws:states:::aws-sdk:sqs:sendMessage</c>
/// gives service "sqs", action "sendMessage", <see cref="ServiceInvocation.AwsSdk"/> true).
/// </summary>
public interface IServiceIntegrationInvoker
{
    Task<ServiceInvocationResult> InvokeAsync(ServiceInvocation invocation, CancellationToken cancellationToken);
}
