using Sluice.LocalCloud.Sns;
using Sluice.LocalCloud.Sqs;

namespace Sluice.LocalCloud.Lambda.EventSources;

/// <summary>An on-failure destination: an SQS queue (the record is the message body) or an SNS topic (the record is the message).</summary>
internal sealed class FailureDestination
{
    private readonly LambdaService _service;

    private FailureDestination(string arn, string kind, LambdaService service)
    {
        Arn = arn;
        Kind = kind;
        _service = service;
    }

    public string Arn { get; }

    public string Kind { get; }

    public static FailureDestination Create(string arn, LambdaService service)
    {
        var kind = EventSourceArn.Service(arn);
        return kind is "sqs" or "sns"
            ? new FailureDestination(arn, kind, service)
            : throw LambdaErrors.InvalidParameter($"The destination {arn} is not supported: an event source mapping's on-failure destination here is an SQS queue or an SNS topic.");
    }

    /// <exception cref="Protocol.AwsServiceException">The queue or topic does not exist (any more).</exception>
    public void Send(string record)
    {
        var services = _service.Region(EventSourceArn.Region(Arn));
        if (Kind == "sqs")
        {
            var queue = services.Sqs.FindByArn(Arn) ?? throw new Protocol.AwsServiceException("AWS.SimpleQueueService.NonExistentQueue", $"The queue {Arn} does not exist.");
            services.Sqs.Send(queue, new SqsSendRequest(record));
        }
        else
        {
            services.Sns.Publish(Arn, new SnsPublishRequest(record));
        }
    }
}
