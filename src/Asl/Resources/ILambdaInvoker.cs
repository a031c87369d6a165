namespace Sluice.Asl.Resources;

/// <summary>Calls a Lambda function synchronously (RequestResponse), the way Step Functions does.</summary>
public interface ILambdaInvoker
{
    /// <param name="function">A function name, name:qualifier, or function ARN, as the state machine names it.</param>
    /// <param name="payloadJson">The request payload (JSON text).</param>
    Task<LambdaInvocationResult> InvokeAsync(string function, string payloadJson, CancellationToken cancellationToken);
}
