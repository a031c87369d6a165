using Sluice.Shared.Envelope;

namespace Sluice.Cli.History;

/// <summary>Reads an order's records from the shards that can hold its partition key (the order id).</summary>
internal static class OrderReader
{
    public static async Task<OrderRead> ReadAsync(CommandContext context, string stream, string orderId, CancellationToken cancellationToken)
    {
        var kinesis = context.Kinesis();
        var found = new List<FoundEvent>();
        var unreadable = new List<UnreadableRecord>();
        // AWS serves 5 GetRecords per second per shard; the local cloud has no such limit.
        var pause = context.Aws.EndpointUrl is null ? TimeSpan.FromMilliseconds(200) : TimeSpan.Zero;
        var shards = await ShardLocator.ShardsForAsync(kinesis, stream, orderId, cancellationToken).ConfigureAwait(false);
        foreach (var shard in shards)
        {
            await ShardReader.ReadAsync(kinesis, stream, shard.ShardId, record =>
            {
                if (record.PartitionKey != orderId)
                {
                    return;
                }

                var parsed = CloudEventParser.Parse(record.Data);
                if (parsed.IsValid)
                {
                    found.Add(new FoundEvent(parsed.Event, shard.ShardId, record.SequenceNumber));
                }
                else
                {
                    unreadable.Add(new UnreadableRecord(shard.ShardId, record.SequenceNumber, parsed.Problem));
                }
            }, cancellationToken, pause, context.Host.Delay).ConfigureAwait(false);
        }

        return new OrderRead(shards, found, unreadable);
    }
}
