using Sluice.Cli.Put;

namespace Sluice.Cli.Replay;

/// <summary>What <c>sluice replay</c> found and did (and its --json form).</summary>
internal sealed record ReplayReport
{
    public required string Stream { get; init; }

    public required string StateMachine { get; init; }

    public required DateTimeOffset From { get; init; }

    public DateTimeOffset? To { get; init; }

    public bool DryRun { get; init; }

    public int Shards { get; init; }

    /// <summary>Records read between --from and --to.</summary>
    public int RecordsRead { get; init; }

    /// <summary>Distinct order.placed events found: what the replay puts back.</summary>
    public int EventsFound { get; init; }

    /// <summary>Further copies of an event already found (left by an earlier replay); put back once.</summary>
    public int DuplicateEvents { get; init; }

    /// <summary>Valid events that are not order.placed (outcomes, ingest rejections): not replayed.</summary>
    public int OtherEvents { get; init; }

    /// <summary>Records that are not valid CloudEvents: not replayed.</summary>
    public int Unreadable { get; init; }

    /// <summary>Orders whose execution had succeeded: the Processor will refuse them a second one.</summary>
    public int AlreadyDone { get; init; }

    /// <summary>Orders whose execution had failed, timed out or been aborted: refused a second one too; <c>sluice redrive</c> restarts them.</summary>
    public int Failed { get; init; }

    public int InProgress { get; init; }

    /// <summary>Orders with no execution yet: the replay can start theirs.</summary>
    public int NotYetStarted { get; init; }

    /// <summary>Events put back into the stream (0 on a dry run).</summary>
    public int EventsRePut { get; init; }

    public IReadOnlyList<UnputRecord> NotPut { get; init; } = [];

    public bool Interrupted { get; init; }

    /// <summary>The part of the window read from the event archive (older than the stream's retention); null when none was.</summary>
    public ReplayArchive? Archive { get; init; }
}

/// <summary>What was read from the event archive: the bucket and prefix, the window, objects and records (counted in RecordsRead too).</summary>
internal sealed record ReplayArchive(string Bucket, string Prefix, DateTimeOffset From, DateTimeOffset To, int ObjectsRead, int RecordsRead);
