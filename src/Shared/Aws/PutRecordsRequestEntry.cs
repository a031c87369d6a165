namespace Sluice.Shared.Aws;

/// <summary>One record to write: raw bytes (base64 on the wire), partition key (1-256 characters), optional explicit hash key.</summary>
public sealed class PutRecordsRequestEntry
{
    public PutRecordsRequestEntry(byte[] data, string partitionKey, string? explicitHashKey = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrEmpty(partitionKey);
        if (partitionKey.Length > 256)
        {
            throw new ArgumentException($"A partition key has at most 256 characters, got {partitionKey.Length}.", nameof(partitionKey));
        }

        Data = data;
        PartitionKey = partitionKey;
        ExplicitHashKey = explicitHashKey;
    }

    public byte[] Data { get; }

    public string PartitionKey { get; }

    public string? ExplicitHashKey { get; }
}
