namespace Sluice.Cli.Demo;

/// <summary>What `sluice demo` proves about one run; printed as a table or, with --json, as this object.</summary>
internal sealed record DemoSummary
{
    public required string Endpoint { get; init; }

    public int? Seed { get; init; }

    /// <summary>Records put into the stream.</summary>
    public int OrdersPut { get; init; }

    /// <summary>What the generator meant each record to be (valid, out-of-stock, declined, malformed).</summary>
    public required SortedDictionary<string, int> PutByKind { get; init; }

    /// <summary>Outcome events on the stream by outcome: confirmed, or rejected:&lt;reason&gt;.</summary>
    public required SortedDictionary<string, int> OrdersByOutcome { get; init; }

    /// <summary>sluice.ingest.rejected records on the rejected queue.</summary>
    public int IngestRejected { get; init; }

    public required SortedDictionary<string, int> IngestRejectedReasons { get; init; }

    /// <summary>Outcome events on the stream for the demo's orders that the workflow did not write (left out of every count above).</summary>
    public int UntrustedOutcomes { get; init; }

    /// <summary>Put records Ingest did not reject: each must reach one terminal execution and one outcome event.</summary>
    public int ValidOrders { get; init; }

    public required SortedDictionary<string, int> ExecutionsByStatus { get; init; }

    /// <summary>From the event's time (put) to its execution's stopDate, in milliseconds; null when no execution finished.</summary>
    public LatencySummary? LatencyMs { get; init; }

    /// <summary>Cold starts per function, from the Lambda service's invocation records.</summary>
    public required SortedDictionary<string, int> ColdStarts { get; init; }

    public required SortedDictionary<string, int> Invocations { get; init; }

    /// <summary>
    /// The identity and trust probes the demo put after its orders (forged outcomes, shared event
    /// ids) and what the pipeline did with each; a probe that did not go as the contracts say is a problem.
    /// </summary>
    public IReadOnlyList<ProbeResult> Probes { get; init; } = [];

    public double DurationSeconds { get; init; }

    /// <summary>True when Ctrl-C stopped the demo: the summary is what was seen until then.</summary>
    public bool Interrupted { get; init; }

    /// <summary>True when every valid order has exactly one terminal execution and exactly one outcome event, every put record is accounted for and every probe went as the contracts say.</summary>
    public bool CheckPassed => Problems.Count == 0;

    /// <summary>Why the check failed (at most 20 listed, then a count).</summary>
    public required IReadOnlyList<string> Problems { get; init; }
}

internal sealed record LatencySummary(int Count, double P50, double P95, double P99, double Max);
