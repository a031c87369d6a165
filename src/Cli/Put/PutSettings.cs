namespace Sluice.Cli.Put;

/// <summary>How hard put tries: per-record attempts, backoff between attempts of a batch's failed entries, and pacing.</summary>
internal sealed record PutSettings
{
    public const int MaxBatchRecords = 500;
    public const int MaxBatchBytes = 5 * 1024 * 1024;
    public const int MaxRecordBytes = 1024 * 1024;

    /// <summary>Attempts per record, the first included; a record still failing after them is reported as not put.</summary>
    public int MaxAttempts { get; init; } = 10;

    /// <summary>Kinesis throughput windows are one second, so backoff starts at a tenth of one.</summary>
    public TimeSpan BaseBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Records per second, null for as fast as the stream takes them.</summary>
    public double? Rate { get; init; }

    /// <summary>Batches under a rate are about a fifth of a second of records, so pacing stays smooth.</summary>
    public int BatchRecords => Rate is { } rate ? (int)Math.Clamp(Math.Ceiling(rate / 5), 1, MaxBatchRecords) : MaxBatchRecords;
}
