using System.CommandLine;
using System.Text.Json;

namespace Sluice.Cli.GitOps;

/// <summary>
/// <c>sluice gitops</c>: a pull-based reconciler for the SAM app, in the manner of Flux and Argo CD:
/// the watched branch is the source of truth, each commit is built once and promoted stage by stage.
/// </summary>
internal static class GitOpsCommand
{
    public static readonly IReadOnlyList<string> Examples =
    [
        "sluice gitops demo                                   # the whole story on a temporary clone and local cloud",
        "sluice gitops watch --repo . --stages staging,prod   # build, deploy and promote each new commit of main",
        "sluice gitops status",
        "sluice gitops diff prod                              # the change set approving prod would execute",
        "sluice gitops approve prod",
        "sluice gitops drift prod && echo in sync",
        "sluice gitops reconcile prod",
        "sluice gitops log --json",
    ];

    /// <summary>Exit code of <c>drift</c> when the stage has drifted.</summary>
    public const int Drifted = 3;

    public static Command Create(CliHost host, CommonOptions common)
    {
        var stateOption = new Option<string>("--state")
        {
            Description = "The folder that keeps the pipeline's state, artifacts and log [default: .sluice/gitops]",
            HelpName = "folder",
            Recursive = true,
        };
        var command = new Command("gitops", "Deliver the app by GitOps: every commit of a branch built once, deployed and promoted stage by stage, drift detected, every step on record");
        command.Options.Add(stateOption);
        command.Subcommands.Add(WatchCommand(host, common, stateOption));
        command.Subcommands.Add(StatusCommand(host, common, stateOption));
        command.Subcommands.Add(StageCommand(host, common, stateOption, "diff", "Show the change set a promotion to the stage would execute", DiffAsync));
        command.Subcommands.Add(StageCommand(host, common, stateOption, "approve", "Execute exactly the change set waiting for approval on the stage, then promote on", ApproveAsync));
        command.Subcommands.Add(StageCommand(host, common, stateOption, "drift", $"Detect drift on the stage's stack: exit 0 in sync, {Drifted} with the differences", DriftAsync));
        command.Subcommands.Add(StageCommand(host, common, stateOption, "reconcile", "Bring the stage back to its Git revision (a drift-aware change set), then check drift again", ReconcileAsync));
        command.Subcommands.Add(LogCommand(host, common, stateOption));
        command.Subcommands.Add(GitOpsDemo.Create(host, common));
        return command;
    }

    internal static GitOpsState State(CommandContext context, Option<string> stateOption) =>
        new(Path.GetFullPath(context.Parse.GetValue(stateOption) is { Length: > 0 } folder ? folder : Path.Combine(".sluice", "gitops"), context.Host.WorkingDirectory));

    internal static GitOpsPipeline Pipeline(CommandContext context, GitOpsState state, WatchSettings settings) =>
        new(state, settings, context.CloudFormation(), context.Aws, line => context.Out.WriteLine(line));

    private static Command WatchCommand(CliHost host, CommonOptions common, Option<string> stateOption)
    {
        var repo = new Option<string>("--repo") { Description = "The Git repository to follow: a path or a URL [default: the one the state folder follows]", HelpName = "path or URL" };
        var branch = new Option<string>("--branch") { Description = "The branch whose commits are deployed [default: main]" };
        var stages = new Option<string>("--stages") { Description = "The stages in promotion order, comma-separated [default: staging,prod]" };
        var approval = new Option<string>("--approval") { Description = "Stages that wait for 'approve', comma-separated, or none [default: the last stage]" };
        var app = new Option<string>("--app") { Description = "The application name: stacks are <app>-<stage> [default: sluice]" };
        var bucket = new Option<string>("--artifact-bucket") { Description = "The S3 bucket for packaged artifacts [default: $ARTIFACT_BUCKET]" };
        var interval = NumberOptions.Double("--interval", "Seconds between polls of the branch", 10, 1, 3600);
        var once = new Option<bool>("--once") { Description = "Take up the commits not seen yet, then exit" };
        var command = new Command("watch", "Follow the branch: build each new commit once, deploy it to the first stage, smoke-test it, promote it stage by stage")
        {
            repo, branch, stages, approval, app, bucket, interval, once,
        };
        command.SetAction(SluiceCommand.Action(host, common, async (context, cancellationToken) =>
        {
            var p = context.Parse;
            var state = State(context, stateOption);
            var settings = state.Exists ? state.Settings() : null;
            var stageList = p.GetValue(stages) is { } s ? Split(s) : settings?.Stages ?? ["staging", "prod"];
            if (stageList.Count == 0 || stageList.Distinct(StringComparer.Ordinal).Count() != stageList.Count || stageList.Any(x => !x.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')))
            {
                throw new CliException($"--stages must name distinct stages in lower-case letters, digits and '-', comma-separated; got '{p.GetValue(stages)}'", CliException.Usage);
            }
            var approvalList = p.GetValue(approval) is { } a ? (a == "none" ? [] : Split(a)) : settings?.Approval ?? [stageList[^1]];
            if (approvalList.FirstOrDefault(x => !stageList.Contains(x, StringComparer.Ordinal)) is { } unknown)
            {
                throw new CliException($"--approval names '{unknown}', which is not one of the stages ({string.Join(", ", stageList)})", CliException.Usage);
            }
            var source = p.GetValue(repo) ?? settings?.Repo ?? throw new CliException("watch needs --repo <path or URL> the first time", CliException.Usage);
            if (!source.Contains("://", StringComparison.Ordinal) && !source.Contains('@', StringComparison.Ordinal))
            {
                source = Path.GetFullPath(source, context.Host.WorkingDirectory);
            }
            var artifactBucket = p.GetValue(bucket) ?? context.Host.Environment.Get("ARTIFACT_BUCKET") ?? settings?.ArtifactBucket
                ?? throw new CliException("watch needs --artifact-bucket <bucket> (or ARTIFACT_BUCKET) for the packaged functions", CliException.Usage);
            var branchName = p.GetValue(branch) ?? settings?.Branch ?? "main";
            var next = new WatchSettings
            {
                Repo = source,
                Branch = branchName,
                Stages = stageList,
                Approval = approvalList,
                Application = p.GetValue(app) ?? settings?.Application ?? "sluice",
                ArtifactBucket = artifactBucket,
                // Another repository or branch starts the history afresh.
                LastSeen = settings is not null && settings.Repo == source && settings.Branch == branchName ? settings.LastSeen : null,
            };
            var locks = new List<StageLock>();
            try
            {
                foreach (var stage in stageList)
                {
                    var path = state.LockPath(stage + ".watch");
                    locks.Add(StageLock.TryTake(path) ?? throw new CliException($"a watcher for stage {stage} is already running (lock {path}, pid {ReadPid(path)}); stop it first"));
                }
                await new GitRepository(source, state.Mirror).CheckBranchAsync(branchName, cancellationToken).ConfigureAwait(false);
                Directory.CreateDirectory(state.Folder);
                state.Save(next);
                var pipeline = Pipeline(context, state, next);
                context.Status($"sluice: watching {next.Branch} of {next.Repo} for {string.Join(" -> ", stageList)}{(approvalList.Count > 0 ? $" ({string.Join(", ", approvalList)} after approval)" : "")}; state in {state.Folder}");
                do
                {
                    await pipeline.SyncAsync(cancellationToken).ConfigureAwait(false);
                    await context.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
                    if (!p.GetValue(once))
                    {
                        await context.Host.Delay(TimeSpan.FromSeconds(p.GetValue(interval)), cancellationToken).ConfigureAwait(false);
                    }
                }
                while (!p.GetValue(once) && !cancellationToken.IsCancellationRequested);
                return 0;
            }
            finally
            {
                locks.ForEach(l => l.Dispose());
            }
        }));
        return command;
    }

    private static string ReadPid(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd().Trim();
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static Command StatusCommand(CliHost host, CommonOptions common, Option<string> stateOption)
    {
        var command = new Command("status", "Per stage: the deployed revision, the stack's status, what waits for approval, the last drift check and the last failure");
        command.SetAction(SluiceCommand.Action(host, common, async (context, cancellationToken) =>
        {
            var state = State(context, stateOption);
            var settings = state.Settings();
            var pipeline = Pipeline(context, state, settings);
            var stages = settings.Stages.Select(state.Stage).ToList();
            if (context.Json)
            {
                await context.Out.WriteLineAsync(JsonSerializer.Serialize(stages, GitOpsJsonContext.Default.ListStageRecord)).ConfigureAwait(false);
                return 0;
            }
            context.Out.WriteLine($"{settings.Branch} of {settings.Repo}; last commit taken up {GitOpsPipeline.Short(settings.LastSeen)}");
            foreach (var stage in stages)
            {
                string stackStatus;
                try
                {
                    stackStatus = (await context.CloudFormation().FindStackAsync(pipeline.StackName(stage.Stage), cancellationToken).ConfigureAwait(false))?.StackStatus ?? "not deployed";
                }
                catch (Exception e) when (e is HttpRequestException or TimeoutException or Shared.Aws.AwsServiceException)
                {
                    // The record is local: it is shown even when the stack's endpoint cannot be reached.
                    stackStatus = $"(status unknown: {context.EndpointText} did not answer)";
                }
                context.Out.WriteLine($"{stage.Stage}: {pipeline.StackName(stage.Stage)} {stackStatus}, revision {GitOpsPipeline.Short(stage.Revision)}, last good {GitOpsPipeline.Short(stage.LastGood)}");
                if (stage.Pending is { } pending)
                {
                    context.Out.WriteLine($"  waiting for approval: {GitOpsPipeline.Short(pending.Commit)}, {pending.Changes.Count} change(s) ('sluice gitops approve {stage.Stage}')");
                }
                if (stage.LastDrift is { } drift)
                {
                    context.Out.WriteLine($"  last drift check {drift.At:u}: {(drift.InSync ? "in sync" : $"drifted ({drift.Differences.Count} difference(s))")}");
                }
                if (stage.LastFailure is { } failure)
                {
                    context.Out.WriteLine($"  last failure {failure.At:u}: {GitOpsPipeline.Short(failure.Commit)} failed at {failure.Step}: {failure.Reason}");
                }
            }
            return 0;
        }));
        return command;
    }

    private static Command StageCommand(CliHost host, CommonOptions common, Option<string> stateOption, string name, string description,
        Func<CommandContext, GitOpsPipeline, string, CancellationToken, Task<int>> run)
    {
        var stage = new Argument<string>("stage") { Description = "A stage of the pipeline (e.g. staging, prod)" };
        var command = new Command(name, description) { stage };
        command.SetAction(SluiceCommand.Action(host, common, async (context, cancellationToken) =>
        {
            var state = State(context, stateOption);
            var settings = state.Settings();
            var pipeline = Pipeline(context, state, settings);
            var chosen = context.Parse.GetValue(stage)!;
            pipeline.IndexOf(chosen);
            return await run(context, pipeline, chosen, cancellationToken).ConfigureAwait(false);
        }));
        return command;
    }

    private static async Task<int> DiffAsync(CommandContext context, GitOpsPipeline pipeline, string stage, CancellationToken cancellationToken)
    {
        var (commit, changes, pending) = await pipeline.DiffAsync(stage, cancellationToken).ConfigureAwait(false);
        if (context.Json)
        {
            await context.Out.WriteLineAsync(JsonSerializer.Serialize(changes.ToList(), GitOpsJsonContext.Default.ListChangeLine)).ConfigureAwait(false);
            return 0;
        }
        context.Out.WriteLine($"{stage}: {(pending ? "waiting for approval" : "a promotion would deploy")} {GitOpsPipeline.Short(commit)}: {(changes.Count == 0 ? "no changes" : $"{changes.Count} change(s)")}");
        foreach (var line in changes)
        {
            context.Out.WriteLine($"  {line}");
        }
        return 0;
    }

    private static async Task<int> ApproveAsync(CommandContext context, GitOpsPipeline pipeline, string stage, CancellationToken cancellationToken) =>
        await pipeline.ApproveAsync(stage, cancellationToken).ConfigureAwait(false) ? 0 : CliException.Failure;

    private static async Task<int> DriftAsync(CommandContext context, GitOpsPipeline pipeline, string stage, CancellationToken cancellationToken)
    {
        var check = await pipeline.DriftAsync(stage, cancellationToken).ConfigureAwait(false);
        context.Out.WriteLine($"{stage}: {(check.InSync ? "in sync" : "drifted")}");
        foreach (var difference in check.Differences)
        {
            context.Out.WriteLine($"  {difference}");
        }
        return check.InSync ? 0 : Drifted;
    }

    private static async Task<int> ReconcileAsync(CommandContext context, GitOpsPipeline pipeline, string stage, CancellationToken cancellationToken)
    {
        var check = await pipeline.ReconcileAsync(stage, cancellationToken).ConfigureAwait(false);
        context.Out.WriteLine($"{stage}: {(check.InSync ? "in sync" : $"still drifted: {string.Join("; ", check.Differences)}")}");
        return check.InSync ? 0 : Drifted;
    }

    private static Command LogCommand(CliHost host, CommonOptions common, Option<string> stateOption)
    {
        var command = new Command("log", "The append-only record of every step, oldest first (--json: one JSON object per line)");
        command.SetAction(SluiceCommand.Action(host, common, async (context, cancellationToken) =>
        {
            var state = State(context, stateOption);
            state.Settings();
            foreach (var entry in state.Log())
            {
                await context.Out.WriteLineAsync(context.Json ? JsonSerializer.Serialize(entry, GitOpsJsonContext.Default.LogEntry) : Text(entry)).ConfigureAwait(false);
            }
            return 0;
        }));
        return command;
    }

    internal static string Text(LogEntry e) =>
        $"{e.Time:yyyy-MM-dd HH:mm:ss} {GitOpsPipeline.Short(e.Commit),-8} {e.Stage ?? "-",-8} {e.Step,-9} {e.Outcome}"
        + (e.DurationMs is { } ms ? $" ({ms / 1000.0:F1} s)" : "")
        + (e.Message is null || e.Step is not ("build" or "reconcile") ? "" : $" \"{e.Message}\" {e.Author}")
        + (e.UploadedBytes is { } bytes ? $" uploaded {bytes:N0} bytes" : "")
        + (e.Detail is null ? "" : $": {e.Detail}")
        + (e.Changes is { Count: > 0 } changes ? Environment.NewLine + string.Join(Environment.NewLine, changes.Select(c => "    " + c)) : "");

    private static List<string> Split(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
