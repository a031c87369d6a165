using Sluice.Shared.Aws;

namespace Sluice.Ingest;

/// <summary>Publishes to the topic with SNS PublishBatch, attributes <c>type</c> and <c>subject</c>.</summary>
internal sealed class SnsEventPublisher(SnsClient sns, string topicArn) : IEventPublisher
{
    public async Task<IReadOnlyList<FailedEntry>> PublishBatchAsync(IReadOnlyList<OutgoingEvent> batch, CancellationToken cancellationToken)
    {
        var entries = new PublishBatchRequestEntry[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var item = batch[i];
            var attributes = new Dictionary<string, string>(2, StringComparer.Ordinal) { ["type"] = item.Type };
            if (item.Subject is { Length: > 0 } subject)
            {
                attributes["subject"] = subject;
            }

            entries[i] = new PublishBatchRequestEntry(item.EntryId, item.Message, attributes);
        }

        var result = await sns.PublishBatchAsync(topicArn, entries, cancellationToken).ConfigureAwait(false);
        return [.. result.Failed.Select(f => new FailedEntry(f.Id, f.Code, f.Message))];
    }
}
