namespace Sluice.Asl.Resources;

/// <summary>The default when no host provides integrations: every call fails with a clear error.</summary>
public sealed class UnavailableServiceIntegrations : IServiceIntegrationInvoker, ILambdaInvoker
{
    public Task<ServiceInvocationResult> InvokeAsync(ServiceInvocation invocation, CancellationToken cancellationToken) =>
        Task.FromResult(ServiceInvocationResult.Failure(new ServiceError(
            "States.Runtime",
            $"No integration for {(invocation.AwsSdk ? "aws-sdk:" : string.Empty)}{invocation.Service}:{invocation.Action} is configured in this local cloud")));

    public Task<LambdaInvocationResult> InvokeAsync(string function, string payloadJson, CancellationToken cancellationToken) =>
        Task.FromResult(LambdaInvocationResult.Unavailable(new ServiceError(
            "Lambda.ResourceNotFoundException",
            $"Function not found: {function} (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: {Guid.NewGuid()}; Proxy: null)")));
}
