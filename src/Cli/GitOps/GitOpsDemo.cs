using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Sluice.Cli.Up;
using Sluice.Shared.Aws;
using Sluice.Shared.Aws.CloudFormation;

namespace Sluice.Cli.GitOps;

/// <summary>
/// <c>sluice gitops demo</c>: the GitOps story on this machine, in a temporary clone of the
/// repository and an embedded local cloud: first deploy to staging and prod, a workflow change shown
/// as a change set and approved, a no-op commit, a breaking commit stopped at staging and rolled back
/// there, an out-of-band change found as drift and reconciled. Exits 1 if any step does not behave so.
/// </summary>
internal sealed class GitOpsDemo
{
    private const string Workflow = "statemachines/order-fulfilment.asl.json";

    private readonly CommandContext _context;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<string> _failures = [];
    private readonly List<(string Name, double Seconds)> _figures = [];

    private GitOpsDemo(CommandContext context) => _context = context;

    public static Command Create(CliHost host, CommonOptions common)
    {
        var keep = new Option<bool>("--keep") { Description = "Keep the temporary clone and state folder (printed) for inspection" };
        var command = new Command("demo", "The GitOps story end to end on a temporary clone and an embedded local cloud, printed as a timeline; exit 1 if a step misbehaves") { keep };
        command.SetAction(SluiceCommand.Action(host, common, async (context, cancellationToken) =>
            await new GitOpsDemo(context).RunAsync(context.Parse.GetValue(keep), cancellationToken).ConfigureAwait(false)));
        return command;
    }

    private async Task<int> RunAsync(bool keep, CancellationToken cancellationToken)
    {
        var root = RepositoryRoot(_context.Host.WorkingDirectory);
        var scratch = Directory.CreateTempSubdirectory("sluice-gitops-demo-").FullName;
        try
        {
            var app = Path.Combine(scratch, "app");
            Check(await GitRepository.GitAsync(scratch, cancellationToken, "clone", "--quiet", root, app).ConfigureAwait(false), "git clone");
            var branch = (await GitRepository.GitAsync(app, cancellationToken, "rev-parse", "--abbrev-ref", "HEAD").ConfigureAwait(false)).Lines[0].Trim();
            Say($"a temporary clone of {root} in {app} (branch {branch})");

            await using var cloud = await RunningCloud.StartAsync(_context.Host, new UpSettings("", 0, new Dictionary<string, string>(), "") { NoStack = true }, Say, cancellationToken).ConfigureAwait(false);
            Say($"the local cloud at {cloud.Endpoint}");
            var aws = new AwsClientOptions { Credentials = new AwsCredentials("gitops-demo", "gitops-demo"), Region = "us-east-1", EndpointUrl = new Uri(cloud.Endpoint) };
            using var http = _context.Host.HttpFactory();
            var cloudFormation = new CloudFormationClient(aws, http);
            var awsCli = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["AWS_ACCESS_KEY_ID"] = "gitops-demo",
                ["AWS_SECRET_ACCESS_KEY"] = "gitops-demo",
                ["AWS_DEFAULT_REGION"] = "us-east-1",
                ["AWS_ENDPOINT_URL"] = cloud.Endpoint,
                ["AWS_PROFILE"] = null,
                ["AWS_PAGER"] = "",
            };
            const string Bucket = "sluice-gitops-artifacts";
            Check(await ChildCommand.RunAsync("aws", ["--endpoint-url", cloud.Endpoint, "s3api", "create-bucket", "--bucket", Bucket], scratch, awsCli, null, cancellationToken).ConfigureAwait(false), "aws s3api create-bucket");

            var state = new GitOpsState(Path.Combine(scratch, "state"));
            var settings = new WatchSettings { Repo = app, Branch = branch, Stages = ["staging", "prod"], Approval = ["prod"], Application = "sluice", ArtifactBucket = Bucket };
            state.Save(settings);
            var pipeline = new GitOpsPipeline(state, settings, cloudFormation, aws, line => _context.Out.WriteLine("        " + line));

            // 1. The first deploy: staging at once, prod after approval.
            Say("1. first deploy: the branch's head to staging, then prod after approval");
            var first = await StepAsync("commit to staging (first deploy)", () => pipeline.SyncAsync(cancellationToken)).ConfigureAwait(false);
            var head = settings.LastSeen!;
            Expect(state.Stage("staging").Revision == head, "staging runs the head commit");
            Expect(state.Stage("prod").Pending?.Commit == head, "prod waits for approval of the head commit");
            await StepAsync("approved to prod (first deploy)", () => pipeline.ApproveAsync("prod", cancellationToken)).ConfigureAwait(false);
            Expect(state.Stage("prod").Revision == head, "prod runs the head commit after approval");

            // 2. A workflow change: a change set on the state machine, approved and promoted.
            Say("2. a workflow change, shown as a change set and approved");
            var workflow = await CommitAsync(app, "Workflow: name the fulfilment workflow in its comment", () => EditWorkflow(app, definition => definition["Comment"] = "Order fulfilment, delivered by sluice gitops"), cancellationToken).ConfigureAwait(false);
            await StepAsync("commit to staging (workflow change)", () => pipeline.SyncAsync(cancellationToken)).ConfigureAwait(false);
            var pending = state.Stage("prod").Pending;
            Expect(state.Stage("staging").Revision == workflow, "staging runs the workflow change");
            Expect(pending?.Commit == workflow && pending.Changes.Count == 1 && pending.Changes[0] is { LogicalId: "OrderFulfilmentStateMachine", Action: "Modify" },
                "prod's pending change set modifies OrderFulfilmentStateMachine and nothing else");
            // Built again in another folder, the unchanged functions are the same bytes: same zips, same keys.
            Expect(state.Artifact(workflow) is { BuildReused: false, UploadedFiles: 1 }, "the rebuilt functions were not uploaded again: only the workflow definition was");
            Say($"diff prod shows: {string.Join("; ", pending?.Changes.Select(c => c.ToString()) ?? [])}");
            await StepAsync("approved to prod (workflow change)", () => pipeline.ApproveAsync("prod", cancellationToken)).ConfigureAwait(false);
            Expect(state.Stage("prod").Revision == workflow, "prod runs the workflow change");

            // 3. A no-op commit: no new artifact, no change.
            Say("3. a commit that changes no build input (docs only)");
            var noop = await CommitAsync(app, "Docs: a line in the README", () => File.AppendAllText(Path.Combine(app, "README.md"), "\nDelivered by sluice gitops.\n"), cancellationToken).ConfigureAwait(false);
            await StepAsync("no-op commit through both stages", () => pipeline.SyncAsync(cancellationToken)).ConfigureAwait(false);
            var noopArtifact = state.Artifact(noop);
            Expect(noopArtifact is { BuildReused: true, UploadedBytes: 0 }, "the no-op commit reused the build and uploaded no bytes");
            Expect(state.Log().Count(e => e.Commit == noop && e.Step == "deploy" && e.Outcome == "no changes") == 2, "both stages had an empty change set for the no-op commit");
            Expect(state.Stage("prod").Revision == noop && state.Stage("prod").Pending is null, "prod records the no-op commit with nothing to approve");

            // 4. A breaking commit: stopped at staging, rolled back there; prod keeps serving.
            Say("4. a breaking commit: every order's workflow fails");
            var breaking = await CommitAsync(app, "Workflow: start with a state that fails", () => EditWorkflow(app, definition =>
            {
                // Every state stays reachable (Step Functions refuses a definition with unreachable states):
                // a gate whose one choice always holds sends every order to a Fail state.
                var states = (JsonObject)definition["States"]!;
                var always = definition["QueryLanguage"]?.GetValue<string>() == "JSONata"
                    ? new JsonObject { ["Condition"] = "{% true %}", ["Next"] = "Broken" }
                    : new JsonObject { ["Variable"] = "$", ["IsPresent"] = true, ["Next"] = "Broken" };
                states["Gate"] = new JsonObject { ["Type"] = "Choice", ["Choices"] = new JsonArray(always), ["Default"] = definition["StartAt"]!.GetValue<string>() };
                states["Broken"] = new JsonObject { ["Type"] = "Fail", ["Error"] = "Demo.Broken", ["Cause"] = "a commit that breaks the workflow" };
                definition["StartAt"] = "Gate";
            }), cancellationToken).ConfigureAwait(false);
            await StepAsync("breaking commit at staging (deploy, smoke, roll back)", () => pipeline.SyncAsync(cancellationToken)).ConfigureAwait(false);
            var staging = state.Stage("staging");
            Expect(staging.LastFailure?.Commit == breaking && staging.LastFailure.Step == "smoke", "the breaking commit failed staging's smoke test");
            Expect(staging.Revision == noop, "staging was rolled back to its last good revision");
            Expect(state.Stage("prod").Revision == noop && state.Stage("prod").Pending is null, "the breaking commit never reached prod");
            var serving = await StepAsync("prod still serves (smoke test)", () => pipeline.SmokeStageAsync("prod", cancellationToken)).ConfigureAwait(false);
            Expect(serving is null, $"prod passes its smoke test{(serving is null ? "" : ": " + serving)}");

            // 5. Drift: an out-of-band change found and reconciled.
            Say("5. an out-of-band change on prod: the workflow queue's visibility timeout set by hand");
            var outputs = (await cloudFormation.FindStackAsync(pipeline.StackName("prod"), cancellationToken).ConfigureAwait(false))!.OutputValues;
            Check(await ChildCommand.RunAsync("aws", ["--endpoint-url", cloud.Endpoint, "sqs", "set-queue-attributes", "--queue-url", outputs["WorkflowQueueUrl"], "--attributes", "VisibilityTimeout=45"],
                scratch, awsCli, null, cancellationToken).ConfigureAwait(false), "aws sqs set-queue-attributes");
            var drift = await StepAsync("drift prod", () => pipeline.DriftAsync("prod", cancellationToken)).ConfigureAwait(false);
            Expect(!drift.InSync && drift.Differences.Any(d => d.Contains("VisibilityTimeout", StringComparison.Ordinal)), "drift found the visibility timeout");
            foreach (var difference in drift.Differences)
            {
                Say($"drift: {difference}");
            }
            var reconciled = await StepAsync("reconcile prod", () => pipeline.ReconcileAsync("prod", cancellationToken)).ConfigureAwait(false);
            Expect(reconciled.InSync, "prod is in sync after reconcile");

            Say("the record (sluice gitops log):");
            foreach (var entry in state.Log())
            {
                _context.Out.WriteLine("        " + GitOpsCommand.Text(entry).Replace(Environment.NewLine, Environment.NewLine + "        ", StringComparison.Ordinal));
            }
            Say("figures:");
            foreach (var (name, seconds) in _figures)
            {
                _context.Out.WriteLine($"        {name,-55} {seconds,7:F1} s");
            }
            var workflowArtifact = state.Artifact(workflow)!;
            _context.Out.WriteLine($"        {"bytes uploaded: first commit",-55} {state.Artifact(head)!.UploadedBytes,12:N0}");
            _context.Out.WriteLine($"        {"bytes uploaded: workflow change",-55} {workflowArtifact.UploadedBytes,12:N0}");
            _context.Out.WriteLine($"        {"bytes uploaded: no-op commit",-55} {noopArtifact?.UploadedBytes ?? -1,12:N0}");
            _ = first;
        }
        finally
        {
            if (keep)
            {
                Say($"kept: {scratch}");
            }
            else
            {
                DeleteQuietly(scratch);
            }
        }
        if (_failures.Count > 0)
        {
            _context.Host.Error.WriteLine($"sluice: gitops demo: {_failures.Count} step(s) did not behave: {string.Join("; ", _failures)}");
            return CliException.Failure;
        }
        Say("every step behaved");
        return 0;
    }

    private void Say(string line) => _context.Out.WriteLine($"[{_clock.Elapsed:mm\\:ss}] {line}");

    private void Expect(bool holds, string what)
    {
        Say($"{(holds ? "ok  " : "FAIL")} {what}");
        if (!holds)
        {
            _failures.Add(what);
        }
    }

    private async Task<T> StepAsync<T>(string name, Func<Task<T>> step)
    {
        var watch = Stopwatch.StartNew();
        var result = await step().ConfigureAwait(false);
        _figures.Add((name, watch.Elapsed.TotalSeconds));
        return result;
    }

    private static async Task<string> CommitAsync(string app, string message, Action edit, CancellationToken cancellationToken)
    {
        edit();
        Check(await GitRepository.GitAsync(app, cancellationToken, "-c", "user.name=Sluice Demo", "-c", "user.email=demo@sluice.invalid", "commit", "--quiet", "-am", message).ConfigureAwait(false), "git commit");
        return (await GitRepository.GitAsync(app, cancellationToken, "rev-parse", "HEAD").ConfigureAwait(false)).Lines[0].Trim();
    }

    private static void EditWorkflow(string app, Action<JsonObject> edit)
    {
        var path = Path.Combine(app, Workflow);
        var definition = (JsonObject)JsonNode.Parse(File.ReadAllText(path))!;
        edit(definition);
        File.WriteAllText(path, definition.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private static void Check(ChildResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new CliException($"gitops demo: {what} failed: {result.LastLine}");
        }
    }

    /// <summary>The Sluice clone this command runs in: the folder with scripts/stage.sh and .git.</summary>
    private static string RepositoryRoot(string start)
    {
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "scripts", "stage.sh")) && Path.Exists(Path.Combine(folder.FullName, ".git")))
            {
                return folder.FullName;
            }
        }
        throw new CliException($"gitops demo runs inside a clone of the Sluice repository (no scripts/stage.sh with .git above {start})");
    }

    private static void DeleteQuietly(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open in the folder: the temporary folder is the system's to clean.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
