using Sluice.Shared.Aws;

namespace Sluice.Orchestrator;

/// <summary>Appends with Kinesis PutRecords; a record the answer reports as failed is a failure.</summary>
internal sealed class KinesisOutcomeWriter(KinesisClient kinesis, string streamName) : IOutcomeWriter
{
    public async Task<AppendResult> AppendAsync(string partitionKey, byte[] data, CancellationToken cancellationToken)
    {
        var result = await kinesis.PutRecordsAsync(streamName, [new PutRecordsRequestEntry(data, partitionKey)], cancellationToken).ConfigureAwait(false);
        var record = result.Records[0];
        if (record.ErrorCode is not null || record.SequenceNumber is null || record.ShardId is null)
        {
            throw new AwsServiceException(record.ErrorCode ?? "InternalFailure", record.ErrorMessage ?? "PutRecords returned no sequence number.", System.Net.HttpStatusCode.OK, null);
        }

        return new AppendResult(record.ShardId, record.SequenceNumber);
    }
}
