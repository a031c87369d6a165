using Sluice.Shared.Aws.Sqs;

namespace Sluice.Processor;

/// <summary>
/// Sends to the rejected queue with SQS SendMessage, with the <c>type</c> and <c>subject</c> message
/// attributes that Ingest's rejections carry there (SNS raw delivery turns its attributes into them).
/// </summary>
internal sealed class SqsRejectedQueue(SqsClient sqs, string queueUrl) : IRejectedQueue
{
    public async Task SendAsync(string eventJson, string type, string? subject, CancellationToken cancellationToken)
    {
        var attributes = new Dictionary<string, SqsMessageAttribute>(2, StringComparer.Ordinal)
        {
            ["type"] = new() { DataType = "String", StringValue = type },
        };
        if (subject is { Length: > 0 })
        {
            attributes["subject"] = new() { DataType = "String", StringValue = subject };
        }

        await sqs.SendMessageAsync(queueUrl, eventJson, attributes, cancellationToken).ConfigureAwait(false);
    }
}
