namespace Sluice.Cli.GitOps;

/// <summary>What <c>watch</c> was started with; the other commands read it from the state folder.</summary>
internal sealed record WatchSettings
{
    public required string Repo { get; init; }

    public required string Branch { get; init; }

    public required IReadOnlyList<string> Stages { get; init; }

    /// <summary>The stages that wait for <c>approve</c> before a change set runs.</summary>
    public required IReadOnlyList<string> Approval { get; init; }

    public required string Application { get; init; }

    public required string ArtifactBucket { get; init; }

    /// <summary>The last commit of the branch the watcher has taken up.</summary>
    public string? LastSeen { get; set; }
}

/// <summary>One stage: what runs there, what waits, what was last found.</summary>
internal sealed record StageRecord
{
    public required string Stage { get; init; }

    /// <summary>The commit the stage's stack runs now.</summary>
    public string? Revision { get; set; }

    /// <summary>The last commit that deployed and passed the smoke test here: what a failure rolls back to.</summary>
    public string? LastGood { get; set; }

    public PendingApproval? Pending { get; set; }

    public DriftCheck? LastDrift { get; set; }

    public StageFailure? LastFailure { get; set; }
}

/// <summary>A change set shown and waiting: <c>approve</c> executes exactly this one.</summary>
internal sealed record PendingApproval(string Commit, string ChangeSetId, IReadOnlyList<ChangeLine> Changes, DateTimeOffset CreatedAt);

/// <summary>One resource change of a change set, as the record and the terminal show it.</summary>
internal sealed record ChangeLine(string Action, string LogicalId, string? ResourceType, string? Replacement, IReadOnlyList<string> Properties, string? Drift)
{
    public override string ToString() =>
        $"{Action,-7} {LogicalId} ({ResourceType}){(Replacement is null ? "" : $" replacement {Replacement}")}"
        + (Properties.Count == 0 ? "" : $": {string.Join(", ", Properties)}")
        + (Drift is null or "IN_SYNC" or "NOT_CHECKED" ? "" : $" [drift {Drift}]");
}

internal sealed record DriftCheck(DateTimeOffset At, bool InSync, IReadOnlyList<string> Differences);

internal sealed record StageFailure(string Commit, string Step, string Reason, DateTimeOffset At);

/// <summary>One line of the append-only record.</summary>
internal sealed record LogEntry
{
    public required DateTimeOffset Time { get; init; }

    public required string Step { get; init; }

    public required string Outcome { get; init; }

    public string? Commit { get; init; }

    public string? Author { get; init; }

    public string? Message { get; init; }

    public string? Stage { get; init; }

    public string? ChangeSet { get; init; }

    public IReadOnlyList<string>? Changes { get; init; }

    public string? Smoke { get; init; }

    public string? Approval { get; init; }

    public long? DurationMs { get; init; }

    public long? UploadedBytes { get; init; }

    public string? Detail { get; init; }
}

/// <summary>A commit's build and package: the packaged template every stage deploys.</summary>
internal sealed record ArtifactRecord(string Commit, string BuildKey, string PackagedTemplate, bool BuildReused, long UploadedBytes, int UploadedFiles);
