using System.Text;
using System.Text.Json.Nodes;
using Sluice.LocalCloud.CloudFormation.Stacks;
using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Kinesis;
using Sluice.LocalCloud.Lambda;
using Sluice.LocalCloud.Lambda.EventSources;
using Sluice.LocalCloud.Tests.Lambda;

namespace Sluice.LocalCloud.Tests.Persistence;

/// <summary>
/// A stack on a data directory: after the host stops and a new one starts on the same directory, the
/// stack, its function (versions and alias), its Kinesis mapping and its state machine are there, and
/// the mapping goes on after the last record it finished instead of delivering the stream again.
/// </summary>
public sealed class StackRestartTests : IDisposable
{
    private const string Shard = "shardId-000000000000";
    private readonly string _data = Directory.CreateTempSubdirectory("sluice-data-").FullName;
    private readonly string _template = Path.Combine(Directory.CreateTempSubdirectory("sluice-stack-").FullName, "template.yaml");

    public StackRestartTests()
    {
        File.WriteAllText(_template, $$"""
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Orders:
                Type: AWS::Kinesis::Stream
                Properties:
                  ShardCount: 1
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: {{Path.Combine(RepositoryRoot.Directory, LambdaRig.FlakyProject)}}
                  Handler: bootstrap
                  Runtime: provided.al2023
                  MemorySize: 256
                  AutoPublishAlias: live
                  Events:
                    Stream:
                      Type: Kinesis
                      Properties:
                        Stream: !GetAtt Orders.Arn
                        StartingPosition: TRIM_HORIZON
                        BatchSize: 10
              Flow:
                Type: AWS::Serverless::StateMachine
                Properties:
                  Definition:
                    StartAt: Done
                    States:
                      Done: {Type: Pass, End: true}
                  Policies: []
            Outputs:
              FunctionName:
                Value: !Ref Fn
              FlowArn:
                Value: !Ref Flow
            """);
    }

    [Fact]
    public async Task StackWithFunctionMappingAndStateMachine_HostRestarted_AllComeBack_MappingResumesAfterItsCheckpoint()
    {
        StackDeployment first;
        string uuid;
        string checkpoint;
        await using (var host = await StartAsync())
        {
            first = await host.DeployStackAsync(new StackDeploymentRequest(_template) { StackName = "kept" });
            Assert.True(first.Succeeded, first.Error?.Message);
            var function = host.Lambda.Function(first.Outputs["FunctionName"]);
            await function.Bootstrap.WaitAsync(TimeSpan.FromMinutes(15));
            Put(host, "before-1", "before-2", "before-3");
            var mapping = (KinesisEventSource)host.Lambda.Mappings().Single();
            await mapping.CaughtUpAsync().WaitAsync(LambdaRig.Wait);
            uuid = mapping.Definition.Uuid;
            checkpoint = mapping.Checkpoint(Shard)!;
        }

        await using var again = await StartAsync();
        var stack = again.CloudFormation.Stack("kept");
        var latest = again.Lambda.Function(first.Outputs["FunctionName"]);
        await latest.Bootstrap.WaitAsync(TimeSpan.FromMinutes(15));
        var resumed = (KinesisEventSource)again.Lambda.Mapping(uuid);
        var loaded = resumed.Checkpoint(Shard);
        Put(again, "after-1", "after-2");
        await resumed.CaughtUpAsync().WaitAsync(LambdaRig.Wait);
        var described = await again.StepFunctions.HandleAsync("DescribeStateMachine",
            Encoding.UTF8.GetBytes(new JsonObject { ["stateMachineArn"] = first.Outputs["FlowArn"] }.ToJsonString()), CancellationToken.None);
        var redeployed = await again.DeployStackAsync(new StackDeploymentRequest(_template) { StackName = "kept" });

        Assert.Equal(StackStatus.CreateComplete, stack.Status);
        Assert.Equal(first.Outputs, stack.Outputs.ToDictionary(o => o.Key, o => o.Value));
        Assert.Equal(["1"], again.Lambda.Versions(latest.Definition.FunctionName).Skip(1).Select(v => v.Version));
        Assert.Equal("1", again.Lambda.GetAlias(latest.Definition.FunctionName, "live").FunctionVersion);
        Assert.Equal(checkpoint, loaded);
        // Only what was put after the restart reaches the function: the three records before it were finished.
        Assert.Equal(["batch 2", "k after-1", "k after-2"], LambdaRig.FlakyLines(latest));
        Assert.Equal(200, described.StatusCode);
        Assert.True(redeployed.Succeeded, redeployed.Error?.Message);
        var summary = new StringWriter();
        redeployed.Write(summary);
        Assert.Contains(": kept in the data directory, unchanged", summary.ToString(), StringComparison.Ordinal);
        Assert.Equal(StackStatus.CreateComplete, again.CloudFormation.Stack("kept").Status);
    }

    [Fact]
    public async Task FunctionChangedThroughTheApi_HostRestarted_ConfigurationVersionsAndAliasesAreAsLeft()
    {
        const string Name = "kept-fn";
        FunctionDefinition changed;
        await using (var host = await StartAsync())
        {
            host.Lambda.CreateFunction(new FunctionDefinition(
                "Fn", Name, $"arn:aws:lambda:us-east-1:000000000000:function:{Name}", LambdaRig.FlakyProject, "provided.al2023", "bootstrap", "x86_64",
                256, 5, null, new Dictionary<string, string> { ["STAGE"] = "one" }, "arn:aws:iam::000000000000:role/r", "/aws/lambda/" + Name));
            host.Lambda.PublishVersion(Name, description: "first");
            changed = host.Lambda.UpdateFunctionConfiguration(Name, null, d => d with { Environment = new Dictionary<string, string> { ["STAGE"] = "two" }, TimeoutSeconds = 9 }).Definition;
            host.Lambda.PublishVersion(Name, description: "second");
            host.Lambda.PublishVersion(Name, description: "third");
            host.Lambda.CreateAlias(Name, "live", "1", "stable", new Dictionary<string, double> { ["2"] = 0.25 });
            host.Lambda.CreateAlias(Name, "gone", "2", null, null);
            host.Lambda.DeleteAlias(Name, "gone");
        }

        await using var again = await StartAsync();
        var versions = again.Lambda.Versions(Name);
        var alias = again.Lambda.GetAlias(Name, "live");

        var loaded = again.Lambda.Function(Name).Definition;
        IReadOnlyDictionary<string, string> none = new Dictionary<string, string>();
        Assert.Equal(changed with { Environment = none }, loaded with { Environment = none });
        Assert.Equal(changed.Environment, loaded.Environment);
        // The third PublishVersion found $LATEST unchanged since the second: no version 3, before or after the restart.
        Assert.Equal(["$LATEST", "1", "2"], versions.Select(v => v.Version));
        Assert.Equal(["", "first", "second"], versions.Select(v => v.Description));
        Assert.Equal("one", versions[1].Definition.Environment["STAGE"]);
        Assert.Equal(9, versions[2].Definition.TimeoutSeconds);
        Assert.Equal(("1", "2", 0.25, "stable"), (alias.FunctionVersion, alias.AdditionalVersion, alias.AdditionalWeight, alias.Description));
        Assert.Equal(["live"], again.Lambda.Aliases(Name).Select(a => a.Name));
        Assert.Equal("2", again.Lambda.PublishVersion(Name).Version);
    }

    /// <summary>An Event invocation accepted (202) is kept until it finishes: one still running when the host stops runs when it starts again; one that finished does not.</summary>
    [Fact]
    public async Task EventInvocationUnfinishedAtTheStop_HostStartedAgain_RunsThen_AFinishedOneDoesNot()
    {
        string name;
        await using (var host = await StartAsync())
        {
            name = "async-" + Guid.NewGuid().ToString("N")[..8];
            host.Lambda.CreateFunction(new FunctionDefinition(
                "Flaky", name, $"arn:aws:lambda:us-east-1:000000000000:function:{name}", LambdaRig.FlakyProject, "provided.al2023", "bootstrap", "x86_64",
                256, 30, null, new Dictionary<string, string>(), "arn:aws:iam::000000000000:role/flaky-role", "/aws/lambda/" + name));
            var function = host.Lambda.Function(name);
            await function.Bootstrap.WaitAsync(TimeSpan.FromMinutes(15));
            host.Lambda.InvokeAsyncEvent(name, Encoding.UTF8.GetBytes("\"sleep:20000\""));
            host.Lambda.InvokeAsyncEvent(name, Encoding.UTF8.GetBytes("\"finished\""));
            // Signals: both started, and the finished one is no longer kept.
            await Poll.UntilAsync(() => LambdaRig.FlakyLines(function).Contains("direct sleep:20000") && LambdaRig.FlakyLines(function).Contains("direct finished")
                && host.Lambda.Store!.LoadAsyncInvocations().Count == 1, () => string.Join("|", LambdaRig.FlakyLines(function)));
        }

        await using var again = await StartAsync();
        var kept = again.Lambda.Function(name);
        await Poll.UntilAsync(() => LambdaRig.FlakyLines(kept).Contains("direct sleep:20000"), () => string.Join("|", LambdaRig.FlakyLines(kept)));

        Assert.DoesNotContain("direct finished", LambdaRig.FlakyLines(kept));
    }

    /// <summary>A data directory written before Step Functions was kept in it has the stack but not its state machine: the start creates it again.</summary>
    [Fact]
    public async Task StateMachineMissingFromAnOlderDataDirectory_HostStarted_CreatedAgainFromItsStack()
    {
        var template = Path.Combine(Path.GetDirectoryName(_template)!, "flow.yaml");
        File.WriteAllText(template, """
            Resources:
              Flow:
                Type: AWS::StepFunctions::StateMachine
                Properties:
                  StateMachineName: kept-flow
                  RoleArn: arn:aws:iam::000000000000:role/flow
                  Definition:
                    StartAt: Done
                    States:
                      Done: {Type: Pass, Result: 42, End: true}
            Outputs:
              FlowArn:
                Value: !Ref Flow
            """);
        string arn;
        await using (var host = await StartAsync())
        {
            var deployed = await host.DeployStackAsync(new StackDeploymentRequest(template) { StackName = "flow" });
            Assert.True(deployed.Succeeded, deployed.Error?.Message);
            arn = deployed.Outputs["FlowArn"];
        }
        using (var store = Sluice.LocalCloud.Persistence.DurableStore.Open(_data))
        {
            store.Write((connection, transaction) => Sluice.LocalCloud.Persistence.DurableStore.Execute(connection, "DELETE FROM sfn_state_machine", transaction));
        }

        await using var again = await StartAsync();
        var described = await again.StepFunctions.HandleAsync("DescribeStateMachine",
            Encoding.UTF8.GetBytes(new JsonObject { ["stateMachineArn"] = arn }.ToJsonString()), CancellationToken.None);

        Assert.Equal(200, described.StatusCode);
        var body = JsonNode.Parse(described.Body)!;
        Assert.Equal("kept-flow", body["name"]!.GetValue<string>());
        Assert.Contains("\"Result\":42", JsonNode.Parse(body["definition"]!.GetValue<string>())!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StackStoppedDuringItsCreate_HostStartedAgain_EndsRolledBackWithTheReason()
    {
        using (var store = Sluice.LocalCloud.Persistence.DurableStore.Open(_data))
        {
            var stack = new StackRecord
            {
                StackId = "arn:aws:cloudformation:us-east-1:000000000000:stack/halfway/6f0e4d0a-0000-4000-8000-000000000000",
                StackName = "halfway",
                Status = StackStatus.CreateInProgress,
                CreationTime = DateTimeOffset.UnixEpoch,
            };
            store.SaveCloudFormation(new Sluice.LocalCloud.Persistence.DurableStore.CloudFormationChanges(
                [(stack.StackId, 0, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(stack, Sluice.LocalCloud.Persistence.StoreJson.Default.StackRecord))], [], [], []));
        }

        await using (var host = await StartAsync())
        {
            var stack = host.CloudFormation.Stack("halfway");
            Assert.Equal(StackStatus.RollbackComplete, stack.Status);
            Assert.Contains("stopped during CREATE_IN_PROGRESS", stack.Events[^1].ResourceStatusReason, StringComparison.Ordinal);
        }
        // The ending was committed: the next start finds the stack rolled back, with that one event.
        await using var again = await StartAsync();
        Assert.Equal(StackStatus.RollbackComplete, again.CloudFormation.Stack("halfway").Status);
        Assert.Single(again.CloudFormation.Stack("halfway").Events);
    }

    private async Task<LocalCloudHost> StartAsync()
    {
        var host = LocalCloudHost.Create(
            new LocalCloudOptions { Port = 0, KinesisThrottling = false, DataDirectory = _data },
            new LambdaOptions { RepositoryRoot = RepositoryRoot.Directory, PollInterval = TimeSpan.FromMilliseconds(10), BatchRetryDelay = TimeSpan.FromMilliseconds(10) });
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return host;
    }

    private static void Put(LocalCloudHost host, params string[] texts)
    {
        var stream = host.Kinesis.ListStreams().Single();
        Assert.All(host.Kinesis.PutRecords(stream, texts.Select(t => new KinesisPutEntry(Encoding.UTF8.GetBytes(t), "k", null)).ToList()), r => Assert.Null(r.ErrorCode));
    }

    public void Dispose()
    {
        Directory.Delete(_data, recursive: true);
        Directory.Delete(Path.GetDirectoryName(_template)!, recursive: true);
    }
}
