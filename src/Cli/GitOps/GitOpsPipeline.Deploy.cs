using System.Diagnostics;

namespace Sluice.Cli.GitOps;

internal sealed partial class GitOpsPipeline
{
    /// <summary>
    /// Deploys the commit's packaged template to the stage (or executes <paramref name="changeSetId"/>,
    /// the change set an approver saw), then runs the smoke test there. A failure rolls the stage back
    /// to its last good revision and is recorded; true when the stage now runs the commit and is healthy.
    /// </summary>
    public async Task<bool> DeployAsync(string stage, CommitInfo commit, string? changeSetId, CancellationToken cancellationToken)
    {
        using var change = await StageLock.TakeAsync(state.LockPath(stage + ".change"), $"stage {stage}", TimeSpan.FromMinutes(30), cancellationToken).ConfigureAwait(false);
        var watch = Stopwatch.StartNew();
        var record = state.Stage(stage);
        IReadOnlyList<ChangeLine> changes;
        string? approval = null;
        if (changeSetId is null)
        {
            var created = await CreateChangeSetAsync(stage, commit.Sha, revertDrift: false, cancellationToken).ConfigureAwait(false);
            if (created.Error is { } error)
            {
                return await FailedAsync(stage, commit, "deploy", error, watch, null, rollBack: false).ConfigureAwait(false);
            }
            changeSetId = created.Id;
            changes = created.Changes;
        }
        else
        {
            changes = record.Pending?.Changes ?? [];
            approval = "approved";
        }
        if (changeSetId is null)
        {
            say($"  {stage,-8} no changes: {StackName(stage)} already runs what {commit.Short} deploys");
            Record(new LogEntry { Time = Now, Step = "deploy", Stage = stage, Outcome = "no changes", Changes = [], Approval = approval, DurationMs = Elapsed(watch) }, commit);
        }
        else
        {
            say($"  {stage,-8} change set: {changes.Count} change(s)");
            Show(changes);
            var outcome = await ExecuteAsync(stage, changeSetId, cancellationToken).ConfigureAwait(false);
            if (outcome is not null)
            {
                // CloudFormation has rolled the stack back itself: the stage runs its last good revision.
                return await FailedAsync(stage, commit, "deploy", outcome, watch, changeSetId, rollBack: false, changes).ConfigureAwait(false);
            }
            Record(new LogEntry
            {
                Time = Now,
                Step = "deploy",
                Stage = stage,
                Outcome = "succeeded",
                ChangeSet = changeSetId,
                Changes = changes.Select(c => c.ToString()).ToList(),
                Approval = approval,
                DurationMs = Elapsed(watch),
            }, commit);
        }
        record = state.Stage(stage);
        record.Revision = commit.Sha;
        record.Pending = null;
        state.Save(record);

        var smokeWatch = Stopwatch.StartNew();
        var smoke = await SmokeAsync(stage, commit.Sha, cancellationToken).ConfigureAwait(false);
        if (smoke is not null)
        {
            return await FailedAsync(stage, commit, "smoke", smoke, smokeWatch, changeSetId, rollBack: true).ConfigureAwait(false);
        }
        say($"  {stage,-8} smoke test passed ({smokeWatch.Elapsed.TotalSeconds:F1} s)");
        Record(new LogEntry { Time = Now, Step = "smoke", Stage = stage, Outcome = "succeeded", Smoke = "passed", DurationMs = Elapsed(smokeWatch) }, commit);
        record = state.Stage(stage);
        record.LastGood = commit.Sha;
        state.Save(record);
        return true;
    }

    /// <summary>Makes the change set for a stage that waits for approval and records it as pending.</summary>
    public async Task RequestApprovalAsync(string stage, CommitInfo commit, CancellationToken cancellationToken)
    {
        using var change = await StageLock.TakeAsync(state.LockPath(stage + ".change"), $"stage {stage}", TimeSpan.FromMinutes(30), cancellationToken).ConfigureAwait(false);
        var record = state.Stage(stage);
        if (record.Pending is { } older)
        {
            await DeleteChangeSetAsync(older.ChangeSetId, cancellationToken).ConfigureAwait(false);
            Record(new LogEntry { Time = Now, Step = "approval", Stage = stage, Outcome = "superseded", ChangeSet = older.ChangeSetId, Detail = $"replaced by {commit.Short}" }, await CommitAsync(older.Commit, cancellationToken).ConfigureAwait(false));
            record.Pending = null;
        }
        var created = await CreateChangeSetAsync(stage, commit.Sha, revertDrift: false, cancellationToken).ConfigureAwait(false);
        if (created.Error is { } error)
        {
            state.Save(record);
            await FailedAsync(stage, commit, "deploy", error, Stopwatch.StartNew(), null, rollBack: false).ConfigureAwait(false);
            return;
        }
        if (created.Id is null)
        {
            // Nothing would change: there is nothing to approve, the stage already runs this.
            state.Save(record);
            change.Dispose();
            await DeployAsync(stage, commit, null, cancellationToken).ConfigureAwait(false);
            return;
        }
        record.Pending = new PendingApproval(commit.Sha, created.Id, created.Changes, Now);
        state.Save(record);
        say($"  {stage,-8} waiting for approval: 'sluice gitops approve {stage}' executes this change set ({created.Changes.Count} change(s)):");
        Show(created.Changes);
        Record(new LogEntry
        {
            Time = Now,
            Step = "approval",
            Stage = stage,
            Outcome = "pending",
            ChangeSet = created.Id,
            Changes = created.Changes.Select(c => c.ToString()).ToList(),
        }, commit);
    }

    /// <summary>Executes exactly the pending change set of <paramref name="stage"/>, then promotes on when it is healthy.</summary>
    public async Task<bool> ApproveAsync(string stage, CancellationToken cancellationToken)
    {
        IndexOf(stage);
        var pending = state.Stage(stage).Pending ?? throw new CliException($"nothing is waiting for approval on {stage}");
        var commit = await CommitAsync(pending.Commit, cancellationToken).ConfigureAwait(false);
        say($"approve {stage}: commit {commit.Short} {commit.Message}");
        if (!await DeployAsync(stage, commit, pending.ChangeSetId, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }
        foreach (var next in settings.Stages.Skip(IndexOf(stage) + 1))
        {
            if (settings.Approval.Contains(next, StringComparer.Ordinal))
            {
                await RequestApprovalAsync(next, commit, cancellationToken).ConfigureAwait(false);
                return true;
            }
            if (!await DeployAsync(next, commit, null, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Records the failure on the stage and, after a failed smoke test, deploys its last good revision again.</summary>
    private async Task<bool> FailedAsync(string stage, CommitInfo commit, string step, string reason, Stopwatch watch, string? changeSetId, bool rollBack, IReadOnlyList<ChangeLine>? changes = null)
    {
        say($"  {stage,-8} {step} FAILED: {reason}");
        Record(new LogEntry
        {
            Time = Now,
            Step = step,
            Stage = stage,
            Outcome = "failed",
            ChangeSet = changeSetId,
            Detail = reason,
            Smoke = step == "smoke" ? "failed" : null,
            Changes = changes?.Select(c => c.ToString()).ToList(),
            DurationMs = Elapsed(watch),
        }, commit);
        var record = state.Stage(stage);
        record.LastFailure = new StageFailure(commit.Sha, step, reason, Now);
        record.Pending = null;
        if (!rollBack && changeSetId is null)
        {
            say($"  {stage,-8} nothing was deployed; {StackName(stage)} runs {Short(record.Revision)} still");
            state.Save(record);
            return false;
        }
        if (!rollBack)
        {
            say($"  {stage,-8} CloudFormation rolled {StackName(stage)} back; it runs {Short(record.Revision)} still");
            Record(new LogEntry { Time = Now, Step = "rollback", Stage = stage, Outcome = "rolled back by CloudFormation", Detail = $"runs {Short(record.Revision)}" }, commit);
            state.Save(record);
            return false;
        }
        state.Save(record);
        await RollBackAsync(stage, commit).ConfigureAwait(false);
        return false;
    }

    private async Task RollBackAsync(string stage, CommitInfo failed)
    {
        var watch = Stopwatch.StartNew();
        var record = state.Stage(stage);
        if (record.LastGood is not { } good)
        {
            say($"  {stage,-8} no earlier good revision to roll back to: {StackName(stage)} is left running {failed.Short}");
            Record(new LogEntry { Time = Now, Step = "rollback", Stage = stage, Outcome = "nothing to roll back to", DurationMs = Elapsed(watch) }, failed);
            return;
        }
        var created = await CreateChangeSetAsync(stage, good, revertDrift: false, CancellationToken.None).ConfigureAwait(false);
        var outcome = created.Error ?? (created.Id is null ? null : await ExecuteAsync(stage, created.Id, CancellationToken.None).ConfigureAwait(false));
        record = state.Stage(stage);
        if (outcome is null)
        {
            record.Revision = good;
            state.Save(record);
            say($"  {stage,-8} rolled back to {Short(good)}");
        }
        else
        {
            say($"  {stage,-8} roll back to {Short(good)} FAILED: {outcome}");
        }
        Record(new LogEntry
        {
            Time = Now,
            Step = "rollback",
            Stage = stage,
            Outcome = outcome is null ? "rolled back" : "failed",
            ChangeSet = created.Id,
            Changes = created.Changes.Select(c => c.ToString()).ToList(),
            DurationMs = Elapsed(watch),
            Detail = outcome ?? $"runs {Short(good)}",
        }, failed);
    }

    /// <summary>Runs the commit's <c>scripts/stage.sh smoke</c> on the stage; null when it passes, else why not.</summary>
    private async Task<string?> SmokeAsync(string stage, string sha, CancellationToken cancellationToken)
    {
        var checkout = state.CheckoutFolder(sha);
        if (!Directory.Exists(checkout))
        {
            await _git.CheckoutAsync(sha, checkout, cancellationToken).ConfigureAwait(false);
        }
        var environment = StageEnvironment(sha);
        environment["SMOKE_POLL_SECONDS"] = "1";
        var smoke = await ChildCommand.RunAsync("bash", [Path.Combine(checkout, "scripts", "stage.sh"), "smoke", stage], checkout, environment,
            state.StepLog(sha, "smoke-" + stage), cancellationToken).ConfigureAwait(false);
        if (smoke.Succeeded)
        {
            return null;
        }
        // smoke-test.sh names the execution that ended badly, then its error and cause on the next line.
        var ended = smoke.Lines.ToList().FindLastIndex(l => l.Contains(" ended ", StringComparison.Ordinal) || l.Contains("timed out", StringComparison.Ordinal));
        return ended < 0 ? smoke.LastLine
            : string.Join(" ", smoke.Lines.Skip(ended).Take(2).Select(l => l.Trim().Replace('\t', ' ')));
    }

    /// <summary>The smoke test on the stage as it runs now (its revision's smoke test); null when it passes.</summary>
    public async Task<string?> SmokeStageAsync(string stage, CancellationToken cancellationToken) =>
        await SmokeAsync(stage, state.Stage(stage).Revision ?? throw new CliException($"stage {stage} runs nothing yet"), cancellationToken).ConfigureAwait(false);

    /// <summary>Each change on a line; a stack's creation (every change an Add) as one line per resource type.</summary>
    private void Show(IReadOnlyList<ChangeLine> changes)
    {
        if (changes.Count > 8 && changes.All(c => c.Action == "Add"))
        {
            say($"             Add     {changes.Count} resources: " + string.Join(", ", changes.GroupBy(c => c.ResourceType).Select(g => $"{g.Count()} {g.Key}")));
            return;
        }
        foreach (var line in changes)
        {
            say($"             {line}");
        }
    }

    internal static string Short(string? sha) => sha is null ? "nothing" : sha[..Math.Min(8, sha.Length)];
}
