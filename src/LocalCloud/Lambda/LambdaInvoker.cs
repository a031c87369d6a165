using System.Text;
using Sluice.Asl.Resources;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Lambda;

/// <summary>
/// Step Functions' view of Lambda: a RequestResponse invoke whose function error carries the
/// function's own error document (so <c>Catch</c> matches its errorType), and whose service errors
/// are named as Step Functions names them (<c>Lambda.ResourceNotFoundException</c>, ...).
/// </summary>
internal sealed class LambdaInvoker(LambdaService lambda) : ILambdaInvoker
{
    public async Task<LambdaInvocationResult> InvokeAsync(string function, string payloadJson, CancellationToken cancellationToken)
    {
        try
        {
            var (outcome, record) = await lambda.InvokeAsync(function, Encoding.UTF8.GetBytes(payloadJson), waitForCapacity: false, cancellationToken).ConfigureAwait(false);
            var payload = Encoding.UTF8.GetString(outcome.Payload);
            return new LambdaInvocationResult
            {
                Payload = payload.Length == 0 ? "null" : payload,
                FunctionError = outcome.IsError ? "Unhandled" : null,
                RequestId = record.RequestId,
            };
        }
        catch (AwsServiceException e)
        {
            return LambdaInvocationResult.Unavailable(ServiceError.FromSdk("Lambda." + e.Code, e.Message, "AWSLambda", e.Status, e.Code, Guid.NewGuid().ToString()));
        }
    }
}
