using System.Globalization;
using System.Text.Json.Nodes;
using Sluice.Asl.Resources;
using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.StepFunctions;

/// <summary>
/// Step Functions' service integrations over this host's SNS, SQS and Kinesis: the optimised
/// <c>sns:publish</c> and <c>sqs:sendMessage</c>, and the <c>aws-sdk:</c> form for the three services.
/// Errors are named as Step Functions names them: <c>SNS.NotFoundException</c>, <c>SQS.AmazonSQSException</c>
/// (optimised, Java SDK v1 names) or <c>Sqs.QueueDoesNotExistException</c>, <c>Sns.SnsException</c> (aws-sdk, SDK v2 names).
/// </summary>
internal sealed partial class MessagingIntegrations(RegionalServices.Services services) : IServiceIntegrationInvoker
{
    public async Task<ServiceInvocationResult> InvokeAsync(ServiceInvocation invocation, CancellationToken cancellationToken)
    {
        var parameters = invocation.Parameters as JsonObject ?? [];
        var requestId = Guid.NewGuid().ToString();
        try
        {
            return (invocation.Service, invocation.Action, invocation.AwsSdk) switch
            {
                ("sns", "publish", false) => Optimised(SnsPublish(parameters), "text/xml", requestId),
                ("sqs", "sendMessage", false) => Optimised(SqsSend(parameters, awsSdk: false), "application/x-amz-json-1.0", requestId),
                ("sns", _, true) => ServiceInvocationResult.Success(SnsSdk(invocation.Action, parameters)),
                ("sqs", _, true) => ServiceInvocationResult.Success(await SqsSdkAsync(invocation.Action, parameters, cancellationToken).ConfigureAwait(false)),
                ("kinesis", _, true) => ServiceInvocationResult.Success(KinesisSdk(invocation.Action, parameters)),
                _ => Unsupported(invocation),
            };
        }
        catch (AwsServiceException e)
        {
            return ServiceInvocationResult.Failure(invocation.AwsSdk ? SdkError(invocation.Service, e, requestId) : OptimisedError(invocation.Service, e, requestId));
        }
        catch (IntegrationParameterException e)
        {
            return ServiceInvocationResult.Failure(new ServiceError("States.Runtime", e.Message));
        }
    }

    private static ServiceInvocationResult Unsupported(ServiceInvocation invocation) =>
        ServiceInvocationResult.Failure(new ServiceError("States.Runtime",
            $"The local cloud has no integration for {(invocation.AwsSdk ? "aws-sdk:" : "")}{invocation.Service}:{invocation.Action} "
            + "(it has sns:publish, sqs:sendMessage, and aws-sdk: sns publish/listTopics/getTopicAttributes, "
            + "sqs sendMessage/receiveMessage/deleteMessage/getQueueUrl/getQueueAttributes/purgeQueue, kinesis putRecord/putRecords/describeStreamSummary)"));

    /// <summary>An optimised integration's result with the HTTP metadata the Java SDK reports.</summary>
    private static ServiceInvocationResult Optimised(JsonObject result, string contentType, string requestId) => new()
    {
        Result = result,
        RequestId = requestId,
        HttpHeaders = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["connection"] = "keep-alive",
            ["Content-Length"] = System.Text.Encoding.UTF8.GetByteCount(result.ToJsonString()).ToString(CultureInfo.InvariantCulture),
            ["Content-Type"] = contentType,
            ["Date"] = DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture),
            ["x-amzn-RequestId"] = requestId,
        },
    };

    private static ServiceError OptimisedError(string service, AwsServiceException e, string requestId)
    {
        var (name, serviceName) = service == "sqs"
            ? (e.QueryCode == "AWS.SimpleQueueService.NonExistentQueue" ? "SQS.QueueDoesNotExistException" : "SQS.AmazonSQSException", "AmazonSQS")
            : ($"SNS.{e.Code}Exception", "AmazonSNS");
        return ServiceError.FromSdk(name, e.Message, serviceName, e.Status, service == "sqs" ? e.QueryCode : e.Code, requestId);
    }

    private static ServiceError SdkError(string service, AwsServiceException e, string requestId)
    {
        var prefix = char.ToUpperInvariant(service[0]) + service[1..];
        var modeled = service switch
        {
            "sqs" => e.QueryCode == "AWS.SimpleQueueService.NonExistentQueue" ? "QueueDoesNotExistException"
                : e.Code.EndsWith("Exception", StringComparison.Ordinal) ? e.Code : null,
            "sns" => e.Code is "NotFound" or "InvalidParameter" or "InvalidParameterValue" ? e.Code + "Exception" : null,
            _ => e.Code.EndsWith("Exception", StringComparison.Ordinal) ? e.Code : null,
        };
        return new ServiceError($"{prefix}.{modeled ?? prefix + "Exception"}",
            $"{e.Message} (Service: {prefix}, Status Code: {e.Status}, Request ID: {requestId})");
    }
}
