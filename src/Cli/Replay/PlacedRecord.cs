namespace Sluice.Cli.Replay;

/// <summary>An order.placed found in the stream: its id and source, order id (subject, the partition key) and the record's bytes, put back unchanged.</summary>
internal sealed record PlacedRecord(string EventId, string Source, string OrderId, byte[] Data);
