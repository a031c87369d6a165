using System.Diagnostics;

namespace Sluice.Cli.GitOps;

internal sealed partial class GitOpsPipeline
{
    /// <summary>CloudFormation drift detection on the stage's stack: each drifted resource and property, recorded as the stage's last check.</summary>
    public async Task<DriftCheck> DriftAsync(string stage, CancellationToken cancellationToken)
    {
        IndexOf(stage);
        var watch = Stopwatch.StartNew();
        var stackName = StackName(stage);
        if (await cloudFormation.FindStackAsync(stackName, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new CliException($"stage {stage} has no stack {stackName} yet: nothing deployed there");
        }
        var id = await cloudFormation.DetectStackDriftAsync(stackName, cancellationToken: cancellationToken).ConfigureAwait(false);
        var detection = await cloudFormation.WaitForDriftDetectionAsync(id, s_poll, s_stackTimeout, cancellationToken).ConfigureAwait(false);
        if (detection.DetectionStatus == "DETECTION_FAILED" && detection.StackDriftStatus is null)
        {
            throw new CliException($"drift detection on {stackName} failed: {detection.DetectionStatusReason}");
        }
        var differences = new List<string>();
        await foreach (var page in cloudFormation.DescribeStackResourceDriftsPagesAsync(stackName, ["MODIFIED", "DELETED"], cancellationToken).ConfigureAwait(false))
        {
            foreach (var drift in page.Items)
            {
                if (drift.StackResourceDriftStatus == "DELETED")
                {
                    differences.Add($"{drift.LogicalResourceId} ({drift.ResourceType}): DELETED");
                }
                foreach (var d in drift.PropertyDifferences)
                {
                    differences.Add($"{drift.LogicalResourceId} ({drift.ResourceType}) {d.PropertyPath}: expected {d.ExpectedValue}, actual {d.ActualValue}");
                }
            }
        }
        var check = new DriftCheck(Now, differences.Count == 0, differences);
        var record = state.Stage(stage);
        record.LastDrift = check;
        state.Save(record);
        state.Append(new LogEntry
        {
            Time = Now,
            Step = "drift",
            Stage = stage,
            Commit = record.Revision,
            Outcome = check.InSync ? "in sync" : "drifted",
            Changes = differences,
            DurationMs = (long)watch.Elapsed.TotalMilliseconds,
        });
        return check;
    }

    /// <summary>
    /// Brings the stage back to its Git revision: a drift-aware change set (REVERT_DRIFT) of the
    /// revision's packaged template, executed, then drift detection again to confirm.
    /// </summary>
    public async Task<DriftCheck> ReconcileAsync(string stage, CancellationToken cancellationToken)
    {
        IndexOf(stage);
        using var change = await StageLock.TakeAsync(state.LockPath(stage + ".change"), $"stage {stage}", TimeSpan.FromMinutes(30), cancellationToken).ConfigureAwait(false);
        var watch = Stopwatch.StartNew();
        var revision = state.Stage(stage).Revision ?? throw new CliException($"stage {stage} has no deployed revision to reconcile to");
        var commit = await CommitAsync(revision, cancellationToken).ConfigureAwait(false);
        var planned = await CreateChangeSetAsync(stage, revision, revertDrift: true, cancellationToken).ConfigureAwait(false);
        if (planned.Error is { } error)
        {
            throw new CliException($"reconcile {stage}: {error}");
        }
        string? outcome = null;
        if (planned.Id is not null)
        {
            say($"reconcile {stage}: back to {commit.Short} ({planned.Changes.Count} change(s))");
            foreach (var line in planned.Changes)
            {
                say($"  {line}");
            }
            outcome = await ExecuteAsync(stage, planned.Id, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            say($"reconcile {stage}: {StackName(stage)} already matches {commit.Short}");
        }
        state.Append(new LogEntry
        {
            Time = Now,
            Step = "reconcile",
            Stage = stage,
            Commit = commit.Sha,
            Author = commit.Author,
            Message = commit.Message,
            Outcome = outcome is null ? (planned.Id is null ? "no changes" : "reconciled") : "failed",
            ChangeSet = planned.Id,
            Changes = planned.Changes.Select(c => c.ToString()).ToList(),
            Detail = outcome,
            DurationMs = (long)watch.Elapsed.TotalMilliseconds,
        });
        if (outcome is not null)
        {
            throw new CliException($"reconcile {stage}: {outcome}");
        }
        change.Dispose();
        return await DriftAsync(stage, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// What promoting to <paramref name="stage"/> would execute: the pending change set when one waits,
    /// else a change set of the revision the stage before it runs (the branch's last built commit for
    /// the first stage), made to be shown and deleted.
    /// </summary>
    public async Task<(string Commit, IReadOnlyList<ChangeLine> Changes, bool Pending)> DiffAsync(string stage, CancellationToken cancellationToken)
    {
        IndexOf(stage);
        if (state.Stage(stage).Pending is { } pending)
        {
            var changeSet = await cloudFormation.DescribeChangeSetAllChangesAsync(pending.ChangeSetId, null, cancellationToken).ConfigureAwait(false);
            return (pending.Commit, changeSet.Changes.Select(Line).ToList(), true);
        }
        var candidate = PreviousStage(stage) is { } previous ? state.Stage(previous).LastGood : settings.LastSeen;
        if (candidate is null)
        {
            throw new CliException($"nothing to promote to {stage} yet: {(PreviousStage(stage) is { } p ? $"{p} has no good revision" : "no commit has been built")}");
        }
        var planned = await CreateChangeSetAsync(stage, candidate, revertDrift: false, cancellationToken).ConfigureAwait(false);
        if (planned.Error is { } error)
        {
            throw new CliException($"diff {stage}: {error}");
        }
        if (planned.Id is not null)
        {
            await DeleteChangeSetAsync(planned.Id, cancellationToken).ConfigureAwait(false);
        }
        return (candidate, planned.Changes, false);
    }
}
