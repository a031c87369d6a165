namespace Sluice.Cli.Put;

/// <summary>One record to put: its bytes, partition key (the order id), and what it is for the summary.</summary>
internal sealed record OutgoingRecord(string EventId, string PartitionKey, byte[] Data, OrderKind Kind)
{
    /// <summary>What PutRecords counts against its limits: data plus partition key.</summary>
    public int Size => Data.Length + System.Text.Encoding.UTF8.GetByteCount(PartitionKey);
}
