namespace Sluice.Cli.Put;

/// <summary>A record given up on, with the last error Kinesis reported for it.</summary>
internal sealed record UnputRecord(string EventId, string PartitionKey, string ErrorCode, string? ErrorMessage);
