using System.Text.Json.Serialization;

namespace Sluice.Cli.Put;

/// <summary>The end-of-put report (and its --json form).</summary>
internal sealed record PutSummary
{
    [JsonPropertyName("stream")]
    public required string Stream { get; init; }

    /// <summary>The generator's seed (given or drawn), so a run can be repeated; null for a file.</summary>
    [JsonPropertyName("seed")]
    public int? Seed { get; init; }

    /// <summary>Records asked for (--count, or the file's events).</summary>
    [JsonPropertyName("requested")]
    public int Requested { get; init; }

    /// <summary>Records sent at least once.</summary>
    [JsonPropertyName("records")]
    public int Records { get; init; }

    [JsonPropertyName("put")]
    public int Put { get; init; }

    /// <summary>Records put, by kind name (valid, out-of-stock, declined, malformed, other).</summary>
    [JsonPropertyName("byKind")]
    public required SortedDictionary<string, int> ByKind { get; init; }

    [JsonPropertyName("batches")]
    public int Batches { get; init; }

    /// <summary>PutRecords calls made, retries of failed entries included.</summary>
    [JsonPropertyName("calls")]
    public int Calls { get; init; }

    /// <summary>Entries sent again because Kinesis reported them failed.</summary>
    [JsonPropertyName("retries")]
    public int Retries { get; init; }

    /// <summary>Entry failures that were ProvisionedThroughputExceededException.</summary>
    [JsonPropertyName("throttled")]
    public int Throttled { get; init; }

    [JsonPropertyName("failed")]
    public int Failed => NotPut.Count;

    [JsonPropertyName("notPut")]
    public required IReadOnlyList<UnputRecord> NotPut { get; init; }

    /// <summary>True when Ctrl-C stopped the put before every record was sent.</summary>
    [JsonPropertyName("interrupted")]
    public bool Interrupted { get; init; }

    /// <summary>On interruption: records of a request still unanswered, whose fate is unknown (they may be in the stream).</summary>
    [JsonPropertyName("inFlight")]
    public int InFlight { get; init; }

    /// <summary>Records certainly not in the stream because of an interruption: never sent, or failed and not sent again. put + failed + inFlight + notSent = requested.</summary>
    [JsonPropertyName("notSent")]
    public int NotSent => Math.Max(0, Requested - Put - Failed - InFlight);

    [JsonPropertyName("durationSeconds")]
    public double DurationSeconds { get; init; }

    [JsonPropertyName("recordsPerSecond")]
    public double RecordsPerSecond => DurationSeconds > 0 ? Math.Round(Put / DurationSeconds, 1) : 0;
}
