using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sluice.Cli.Tests.Support;
using Sluice.LocalCloud.Hosting;
using Sluice.Shared.Aws;
using Sluice.Shared.Domain;

namespace Sluice.Cli.Tests.EndToEnd;

/// <summary>
/// The path a user takes from a clone to a running stage, with the real tools against the local
/// cloud: `sluice build`, `aws cloudformation package` into the local S3, `aws cloudformation deploy`
/// of sluice-staging, infra/smoke-test.sh, a workflow change deployed through a change set that
/// lists only the state machine (queued messages and stream records kept, a running execution
/// finishing on its own definition), an out-of-band change found by drift detection, bad input
/// refused with the stack untouched, and the stack deleted. It prints the figures
/// docs/local-cloud-cloudformation.md records. boto3's waiters are driven by
/// LocalCloud.Tests' StackApiTests.
/// </summary>
public sealed partial class DeployPathTests : IAsyncLifetime
{
    private const string Stack = "sluice-staging";
    private const string Bucket = "sluice-artifacts";
    private static readonly TimeSpan s_deadline = TimeSpan.FromMinutes(4);
    private readonly string _work = Directory.CreateTempSubdirectory("sluice-deploy-path-").FullName;
    private LocalCloudHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _host = LocalCloudHost.Create(new LocalCloudOptions { Port = 0, RepositoryRoot = RepositoryRoot.Directory, EventSourcePollInterval = TimeSpan.FromMilliseconds(50) });
        await _host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task BuildPackageDeploySmokeUpdateDriftDelete_WithTheRealTools_BehavesAsOnAws()
    {
        var aws = AwsCliV1.Find(_host.Endpoint);
        if (aws is null)
        {
            Assert.Skip("AWS CLI v1 not found on PATH: `cloudformation package` and `deploy` reach the local S3 only through AWS_ENDPOINT_URL, which v1 honours (pip install awscli)");
        }
        if (Sluice.Cli.Build.MakeRunner.Find(Sluice.Shared.ProcessEnvironment.Instance) is null || !Up.CToolchainProbe.Available())
        {
            Assert.Skip("make and a C toolchain are needed: sluice build AOT-publishes the functions through their Makefiles (apt-get install make gcc zlib1g-dev)");
        }
        var figures = new List<string>();
        var root = RepositoryRoot.Directory;
        var build = Path.Combine(_work, "build");

        var clock = Stopwatch.StartNew();
        var built = await CliRunner.RunAsync(["build", "--build-dir", build], host => new CliHost
        {
            Out = host.Out,
            Error = host.Error,
            Environment = Sluice.Shared.ProcessEnvironment.Instance,
            WorkingDirectory = root,
        }, timeout: TimeSpan.FromMinutes(30));
        Assert.True(built.ExitCode == 0, built.ToString());
        figures.Add(Figure("sluice build (3 functions, scratch copies)", clock));
        Assert.All(["IngestFunction", "ProcessorFunction", "OrchestratorFunction"], f => Assert.True(File.Exists(Path.Combine(build, f, "bootstrap")), f));

        Assert.Equal(0, (await aws.RunAsync("s3", "mb", $"s3://{Bucket}")).Exit);
        clock.Restart();
        var packaged = await PackageAsync(aws, Path.Combine(build, "template.yaml"), "packaged.yaml");
        figures.Add(Figure("aws cloudformation package", clock));
        Assert.Equal(3, CodeUris().Matches(packaged).Count);
        Assert.Contains($"Bucket: {Bucket}", packaged, StringComparison.Ordinal);

        clock.Restart();
        await DeployAsync(aws, "packaged.yaml");
        figures.Add(Figure("aws cloudformation deploy to CREATE_COMPLETE (the CLI's waiters poll every 5 and 30 s)", clock));
        figures.Add(await StackSpanAsync(aws, "CREATE_COMPLETE"));
        var outputs = await OutputsAsync(aws);
        Assert.Equal("sluice-staging-orders", outputs["OrderStreamName"]);

        clock.Restart();
        var (smokeExit, smokeOut, smokeErr) = await aws.RunFileAsync("bash", [Path.Combine(root, "infra", "smoke-test.sh"), Stack, "3"], TimeSpan.FromMinutes(5), root);
        Assert.True(smokeExit == 0, $"smoke test failed ({smokeExit}):\n{smokeOut}\n{smokeErr}");
        Assert.Contains("smoke-test: all 3 executions succeeded", smokeOut, StringComparison.Ordinal);
        figures.Add(Figure("infra/smoke-test.sh sluice-staging 3", clock));

        // Work that must survive the update: malformed records park in the rejected queue (nothing consumes it).
        await PutAsync(aws, outputs["OrderStreamName"], "junk-1", "not an event");
        await PutAsync(aws, outputs["OrderStreamName"], "junk-2", "not an event either");
        await EventuallyAsync(async () => await QueueDepthAsync(aws, outputs["RejectedQueueUrl"]) == 2, "two rejected messages queued");
        var recordsBefore = (await AwsTestClients.ReadAllAsync(_host.Endpoint, outputs["OrderStreamName"])).Count;

        // The workflow changes: a Wait state first. Only the state machine may change.
        var held = HeldWorkflow(root);
        var builtTemplate = await File.ReadAllTextAsync(Path.Combine(build, "template.yaml"), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(build, "template-held.yaml"), DefinitionUri().Replace(builtTemplate, "DefinitionUri: " + held), TestContext.Current.CancellationToken);
        var packagedHeld = await PackageAsync(aws, Path.Combine(build, "template-held.yaml"), "packaged-held.yaml");
        Assert.Equal(CodeUris().Matches(packaged).Select(m => m.Value), CodeUris().Matches(packagedHeld).Select(m => m.Value));
        clock.Restart();
        var change = Assert.Single((await UpdateAsync(aws, "packaged-held.yaml")).GetProperty("Changes").EnumerateArray()).GetProperty("ResourceChange");
        figures.Add(Figure("workflow-only update (deploy --no-execute-changeset, describe, execute, UPDATE_COMPLETE)", clock));
        figures.Add(await StackSpanAsync(aws, "UPDATE_COMPLETE"));
        Assert.Equal(("Modify", "OrderFulfilmentStateMachine", "False"),
            (change.GetProperty("Action").GetString(), change.GetProperty("LogicalResourceId").GetString(), change.GetProperty("Replacement").GetString()));
        var recordsAfter = (await AwsTestClients.ReadAllAsync(_host.Endpoint, outputs["OrderStreamName"])).Count;
        var queuedAfter = await QueueDepthAsync(aws, outputs["RejectedQueueUrl"]);
        Assert.Equal(recordsBefore, recordsAfter);
        Assert.Equal(2, queuedAfter);
        figures.Add($"kept across the update: {recordsAfter} of {recordsBefore} stream records, {queuedAfter} of 2 queued messages");

        // An order starts on the held workflow; the workflow changes back while it waits; it finishes on its own definition.
        var machine = outputs["OrderFulfilmentStateMachineArn"];
        var (revert, _) = await ChangeSetAsync(aws, "packaged.yaml");
        await PutAsync(aws, outputs["OrderStreamName"], "held-1", OrderPlaced("held-1"));
        var executionArn = StepFunctionsClient.ExecutionArn(machine, ExecutionName.For("sluice/e2e", "evt-held-1"));
        await EventuallyAsync(async () => (await aws.RunAsync("stepfunctions", "describe-execution", "--execution-arn", executionArn)).Out.Contains("\"RUNNING\"", StringComparison.Ordinal),
            "the held order's execution running");
        await ExecuteAsync(aws, revert);
        Assert.DoesNotContain("\"Hold\"", (await aws.JsonAsync("stepfunctions", "describe-state-machine", "--state-machine-arn", machine)).GetProperty("definition").GetString(), StringComparison.Ordinal);
        await EventuallyAsync(async () => (await aws.JsonAsync("stepfunctions", "describe-execution", "--execution-arn", executionArn)).GetProperty("status").GetString() == "SUCCEEDED",
            "the held execution succeeding");
        var execution = await aws.JsonAsync("stepfunctions", "describe-execution", "--execution-arn", executionArn);
        var machineUpdated = (await aws.JsonAsync("cloudformation", "describe-stack-events", "--stack-name", Stack)).GetProperty("StackEvents").EnumerateArray()
            .First(e => e.GetProperty("LogicalResourceId").GetString() == "OrderFulfilmentStateMachine" && e.GetProperty("ResourceStatus").GetString() == "UPDATE_COMPLETE");
        Assert.InRange(Time(machineUpdated.GetProperty("Timestamp")), Time(execution.GetProperty("startDate")), Time(execution.GetProperty("stopDate")));
        var history = await aws.JsonAsync("stepfunctions", "get-execution-history", "--execution-arn", executionArn);
        Assert.Contains(history.GetProperty("events").EnumerateArray(), e => e.GetProperty("type").GetString() == "WaitStateEntered");

        // No change, bad parameter, missing capability, invalid template, unknown type: refused, the stack untouched.
        var same = await aws.FailAsync(DeployArgs("packaged.yaml"));
        Assert.Contains($"No changes to deploy. Stack {Stack} is up to date", same, StringComparison.Ordinal);
        Assert.Equal(0, (await aws.RunAsync(DeployArgs("packaged.yaml", "--no-fail-on-empty-changeset"))).Exit);
        var badParameter = await aws.FailAsync(DeployArgs("packaged.yaml", "--parameter-overrides", "StageName=qa"));
        Assert.Contains("StageName", badParameter, StringComparison.Ordinal);
        var noCapability = await aws.FailAsync("cloudformation", "deploy", "--template-file", Path.Combine(_work, "packaged.yaml"), "--stack-name", "sluice-nocaps");
        Assert.Contains("Requires capabilities : [CAPABILITY_IAM]", noCapability, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(_work, "unknown.yaml"), "Resources:\n  R:\n    Type: AWS::Foo::Bar\n", TestContext.Current.CancellationToken);
        var unknown = await aws.FailAsync("cloudformation", "deploy", "--template-file", Path.Combine(_work, "unknown.yaml"), "--stack-name", "sluice-unknown");
        Assert.Contains("Unrecognized resource types: [AWS::Foo::Bar]", unknown, StringComparison.Ordinal);
        var invalid = await aws.FailAsync("cloudformation", "validate-template", "--template-body", "Resources: [unclosed");
        Assert.Contains("Template format error", invalid, StringComparison.Ordinal);
        var stack = (await aws.JsonAsync("cloudformation", "describe-stacks", "--stack-name", Stack)).GetProperty("Stacks")[0];
        Assert.Equal("UPDATE_COMPLETE", stack.GetProperty("StackStatus").GetString());

        // Out of band: the workflow queue's visibility timeout changed by hand.
        await aws.JsonAsync("sqs", "set-queue-attributes", "--queue-url", outputs["WorkflowQueueUrl"], "--attributes", "VisibilityTimeout=45");
        var detection = (await aws.JsonAsync("cloudformation", "detect-stack-drift", "--stack-name", Stack)).GetProperty("StackDriftDetectionId").GetString()!;
        JsonElement status = default;
        await EventuallyAsync(async () =>
        {
            status = await aws.JsonAsync("cloudformation", "describe-stack-drift-detection-status", "--stack-drift-detection-id", detection);
            return status.GetProperty("DetectionStatus").GetString() != "DETECTION_IN_PROGRESS";
        }, "drift detection");
        Assert.Equal(("DETECTION_COMPLETE", "DRIFTED"), (status.GetProperty("DetectionStatus").GetString(), status.GetProperty("StackDriftStatus").GetString()));
        var drifts = await aws.JsonAsync("cloudformation", "describe-stack-resource-drifts", "--stack-name", Stack, "--stack-resource-drift-status-filters", "MODIFIED");
        var drift = Assert.Single(drifts.GetProperty("StackResourceDrifts").EnumerateArray());
        Assert.Equal("WorkflowQueue", drift.GetProperty("LogicalResourceId").GetString());
        var difference = Assert.Single(drift.GetProperty("PropertyDifferences").EnumerateArray());
        Assert.Equal(("/VisibilityTimeout", "120", "45"),
            (difference.GetProperty("PropertyPath").GetString(), difference.GetProperty("ExpectedValue").GetString(), difference.GetProperty("ActualValue").GetString()));

        clock.Restart();
        await aws.JsonAsync("cloudformation", "delete-stack", "--stack-name", Stack);
        await aws.JsonAsync("cloudformation", "wait", "stack-delete-complete", "--stack-name", Stack);
        figures.Add(Figure("delete-stack to DELETE_COMPLETE", clock));
        Assert.Contains($"Stack with id {Stack} does not exist", await aws.FailAsync("cloudformation", "describe-stacks", "--stack-name", Stack), StringComparison.Ordinal);
        var functions = await aws.JsonAsync("lambda", "list-functions");
        Assert.DoesNotContain(functions.GetProperty("Functions").EnumerateArray(), f => f.GetProperty("FunctionName").GetString()!.StartsWith(Stack, StringComparison.Ordinal));

        foreach (var figure in figures)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(figure);
        }
    }

    private string[] DeployArgs(string template, params string[] more) =>
        ["cloudformation", "deploy", "--template-file", Path.Combine(_work, template), "--stack-name", Stack,
            "--capabilities", "CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND", "--parameter-overrides", "StageName=staging", .. more];

    private async Task DeployAsync(AwsCliV1 aws, string template)
    {
        var (exit, output, error) = await aws.RunAsync(DeployArgs(template));
        Assert.True(exit == 0, $"deploy {template} failed ({exit}):\n{output}\n{error}");
        Assert.Contains($"Successfully created/updated stack - {Stack}", output, StringComparison.Ordinal);
    }

    /// <summary>`deploy --no-execute-changeset`, then the change set executed and the stack polled to UPDATE_COMPLETE (the CLI's own waiter polls every 30 s); the change set as described.</summary>
    private async Task<JsonElement> UpdateAsync(AwsCliV1 aws, string template)
    {
        var (changeSetId, changeSet) = await ChangeSetAsync(aws, template);
        await ExecuteAsync(aws, changeSetId);
        return changeSet;
    }

    /// <summary>`deploy --no-execute-changeset`: the change set's id and description.</summary>
    private async Task<(string Id, JsonElement Description)> ChangeSetAsync(AwsCliV1 aws, string template)
    {
        var (exit, output, error) = await aws.RunAsync(DeployArgs(template, "--no-execute-changeset"));
        Assert.True(exit == 0, $"deploy --no-execute-changeset {template} failed ({exit}):\n{output}\n{error}");
        var changeSetId = (await aws.JsonAsync("cloudformation", "list-change-sets", "--stack-name", Stack)).GetProperty("Summaries").EnumerateArray()
            .Single(c => c.GetProperty("ExecutionStatus").GetString() == "AVAILABLE").GetProperty("ChangeSetId").GetString()!;
        Assert.Contains(changeSetId, output, StringComparison.Ordinal);
        return (changeSetId, await aws.JsonAsync("cloudformation", "describe-change-set", "--change-set-name", changeSetId));
    }

    private static async Task ExecuteAsync(AwsCliV1 aws, string changeSetId)
    {
        await aws.JsonAsync("cloudformation", "execute-change-set", "--change-set-name", changeSetId);
        await EventuallyAsync(async () => (await aws.JsonAsync("cloudformation", "describe-stacks", "--stack-name", Stack)).GetProperty("Stacks")[0].GetProperty("StackStatus").GetString() == "UPDATE_COMPLETE",
            $"{Stack} UPDATE_COMPLETE");
    }

    /// <summary>The last operation's span from the stack's own events: "User Initiated" to <paramref name="terminal"/>.</summary>
    private static async Task<string> StackSpanAsync(AwsCliV1 aws, string terminal)
    {
        var events = (await aws.JsonAsync("cloudformation", "describe-stack-events", "--stack-name", Stack)).GetProperty("StackEvents").EnumerateArray()
            .Where(e => e.GetProperty("LogicalResourceId").GetString() == Stack).ToList();
        var end = events.First(e => e.GetProperty("ResourceStatus").GetString() == terminal);
        var start = events.First(e => e.TryGetProperty("ResourceStatusReason", out var reason) && reason.GetString() == "User Initiated");
        return string.Create(CultureInfo.InvariantCulture, $"stack events, User Initiated to {terminal}: {(Time(end.GetProperty("Timestamp")) - Time(start.GetProperty("Timestamp"))).TotalSeconds:0.00} s");
    }

    private static DateTimeOffset Time(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? DateTimeOffset.UnixEpoch.AddSeconds(value.GetDouble()) : DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture);

    private async Task<string> PackageAsync(AwsCliV1 aws, string template, string output)
    {
        var (exit, text, error) = await aws.RunAsync("cloudformation", "package", "--template-file", template, "--s3-bucket", Bucket, "--output-template-file", Path.Combine(_work, output));
        Assert.True(exit == 0, $"package failed ({exit}): {error}{text}");
        return await File.ReadAllTextAsync(Path.Combine(_work, output), TestContext.Current.CancellationToken);
    }

    private static async Task<Dictionary<string, string>> OutputsAsync(AwsCliV1 aws)
    {
        var stack = (await aws.JsonAsync("cloudformation", "describe-stacks", "--stack-name", Stack)).GetProperty("Stacks")[0];
        Assert.Equal("CREATE_COMPLETE", stack.GetProperty("StackStatus").GetString());
        return stack.GetProperty("Outputs").EnumerateArray().ToDictionary(o => o.GetProperty("OutputKey").GetString()!, o => o.GetProperty("OutputValue").GetString()!, StringComparer.Ordinal);
    }

    private static async Task<int> QueueDepthAsync(AwsCliV1 aws, string queueUrl)
    {
        var attributes = await aws.JsonAsync("sqs", "get-queue-attributes", "--queue-url", queueUrl, "--attribute-names", "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible");
        return attributes.GetProperty("Attributes").EnumerateObject().Sum(a => int.Parse(a.Value.GetString()!, CultureInfo.InvariantCulture));
    }

    private static async Task PutAsync(AwsCliV1 aws, string stream, string partitionKey, string data) =>
        await aws.JsonAsync("kinesis", "put-record", "--stream-name", stream, "--partition-key", partitionKey, "--data", data);

    private static string OrderPlaced(string orderId) =>
        $$$"""{"specversion":"1.0","id":"evt-{{{orderId}}}","source":"sluice/e2e","type":"order.placed","subject":"{{{orderId}}}","time":"2026-12-03T07:00:00Z","datacontenttype":"application/json","data":{"orderId":"{{{orderId}}}","customerId":"c-1","currency":"EUR","paymentToken":"tok_ok","lines":[{"sku":"SKU-1","quantity":1,"unitPrice":9.5}]}}""";

    /// <summary>The project's workflow with a Wait state of a few seconds first, written beside the test's files.</summary>
    private string HeldWorkflow(string root)
    {
        var definition = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "statemachines", "order-fulfilment.asl.json")))!.AsObject();
        var first = definition["StartAt"]!.GetValue<string>();
        definition["StartAt"] = "Hold";
        definition["States"]!.AsObject().Add("Hold", new JsonObject { ["Type"] = "Wait", ["Seconds"] = 20, ["Next"] = first });
        var path = Path.Combine(_work, "order-fulfilment-held.asl.json");
        File.WriteAllText(path, definition.ToJsonString());
        return path;
    }

    private static string Figure(string what, Stopwatch clock) => string.Create(CultureInfo.InvariantCulture, $"{what}: {clock.Elapsed.TotalSeconds:0.0} s");

    private static async Task EventuallyAsync(Func<Task<bool>> probe, string what)
    {
        var deadline = DateTime.UtcNow + s_deadline;
        while (!await probe())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }

    [GeneratedRegex(@"CodeUri: s3://\S+")]
    private static partial Regex CodeUris();

    [GeneratedRegex(@"DefinitionUri: \S*order-fulfilment\.asl\.json")]
    private static partial Regex DefinitionUri();
}
