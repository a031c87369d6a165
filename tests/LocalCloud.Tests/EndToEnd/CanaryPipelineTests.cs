using System.Text;
using System.Text.Json;
using Sluice.LocalCloud.CloudFormation.Stacks;
using Sluice.LocalCloud.CloudFormation.Template;
using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Kinesis;
using Sluice.LocalCloud.Lambda;
using Sluice.LocalCloud.Tests.CloudFormation.Template;
using Sluice.LocalCloud.Tests.Lambda;

namespace Sluice.LocalCloud.Tests.EndToEnd;

/// <summary>
/// The project's template as its staging stage, with orders flowing, updated to an Orchestrator build that
/// fails every invocation: the Orchestrator's live alias moves by CodeDeploy's linear steps, its
/// error-rate alarm (the template's own, metric math through the alias) fires, the alias goes back to
/// the previous version and the stack rolls back; orders placed after the attempt are confirmed, and
/// every order placed during it either was confirmed or failed on the broken build, none lost.
/// One CodeDeploy minute lasts six seconds here (the deployment about a minute): at 300 ms, at one
/// second on a machine loaded by parallel builds, and at three seconds on a CI machine running the
/// chaos tests beside it, the ten steps could pass before the pipeline brought the new version enough
/// calls for its alarm, and a broken build went through unseen.
/// </summary>
public sealed class CanaryPipelineTests : IAsyncLifetime
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromMinutes(5);
    private const string Stack = "sluice-staging";
    private LocalCloudHost _host = null!;
    private DeployedStack _stack = null!;

    public async ValueTask InitializeAsync()
    {
        _host = LocalCloudHost.Create(
            new LocalCloudOptions { Port = 0, DeploymentMinute = TimeSpan.FromSeconds(6) },
            new LambdaOptions { RepositoryRoot = RepositoryRoot.Directory, PollInterval = TimeSpan.FromMilliseconds(20) });
        await _host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var settings = new StackSettings { StackName = Stack, Parameters = new Dictionary<string, string> { ["StageName"] = "staging" } };
        _stack = (await StackStartup.DeployAsync(_host, new StackArguments(StackRig.ProjectTemplate, settings, WithoutLambda: false), _host.Lambda,
            TextWriter.Null, TextWriter.Null, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(15)))!;
        Assert.NotNull(_stack);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task OrchestratorBuildThatFailsEveryInvocation_IsRolledBackByItsAlarm_AndNoOrderIsLost()
    {
        var orchestrator = _stack.Outputs["OrchestratorFunctionName"];
        var stream = _host.Kinesis.Stream(_stack.Outputs["OrderStreamName"], null);
        Place(stream, "warm-1");
        Place(stream, "warm-2");
        await OutcomesAsync(stream, ["warm-1", "warm-2"]);
        Assert.Equal("1", _host.Lambda.GetAlias(orchestrator, "live").FunctionVersion);

        // The broken build: the Orchestrator's code replaced by a function whose every init fails.
        var broken = File.ReadAllText(StackRig.ProjectTemplate)
            .Replace("CodeUri: ../src/Orchestrator", "CodeUri: " + Path.Combine(RepositoryRoot.Directory, LambdaRig.FlakyProject), StringComparison.Ordinal)
            .Replace("          STREAM_NAME: !Ref OrderStream\n", "          STREAM_NAME: !Ref OrderStream\n          FLAKY_INIT_FAIL: this build fails every invocation\n", StringComparison.Ordinal);
        var brokenPath = Path.Combine(Path.GetDirectoryName(StackRig.ProjectTemplate)!, $"template.broken-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(brokenPath, broken);
        var during = new List<string>();
        using var stop = new CancellationTokenSource();
        var traffic = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var id = $"during-{i}";
                Place(stream, id);
                lock (during)
                {
                    during.Add(id);
                }
                await Task.Delay(TimeSpan.FromMilliseconds(40), TimeProvider.System, CancellationToken.None);
            }
        });
        string stackId;
        try
        {
            // Start the deployment only once orders are reaching the Orchestrator, so its steps see
            // traffic however slowly a loaded machine runs the pipeline.
            await OutcomesAsync(stream, ["during-0"]);
            stackId = await _host.CloudFormation.UpdateStackAsync(new StackInput
            {
                StackName = Stack,
                TemplateBody = broken,
                TemplatePath = brokenPath,
                Parameters = [new ParameterInput("StageName", "staging", false)],
                Capabilities = StackStartup.AllCapabilities,
            }, CancellationToken.None);
            await _host.CloudFormation.WaitAsync(stackId).WaitAsync(TimeSpan.FromMinutes(15));
        }
        finally
        {
            await stop.CancelAsync();
            await traffic.WaitAsync(TimeSpan.FromSeconds(30));
            File.Delete(brokenPath);
        }

        var record = _host.CloudFormation.Stack(stackId);
        Assert.Equal(StackStatus.UpdateRollbackComplete, record.Status);
        var reason = record.Events.Select(e => e.ResourceStatusReason).OfType<string>().FirstOrDefault(r => r.Contains("CodeDeploy deployment", StringComparison.Ordinal));
        Assert.NotNull(reason);
        Assert.Contains($"of {orchestrator}:live to version 2 failed and rolled back to version 1", reason, StringComparison.Ordinal);
        Assert.Contains("alarm " + Stack + "-OrchestratorErrorRateAlarm", reason, StringComparison.Ordinal);
        var alias = _host.Lambda.GetAlias(orchestrator, "live");
        Assert.Equal(("1", null), (alias.FunctionVersion, alias.AdditionalVersion));

        string[] after = ["after-1", "after-2", "after-3"];
        foreach (var id in after)
        {
            Place(stream, id);
        }
        List<string> placed;
        lock (during)
        {
            placed = [.. during];
        }
        var stateMachine = _stack.Outputs["OrderFulfilmentStateMachineArn"];
        var executions = await FinishedAsync(stateMachine, placed.Count + after.Length + 2);
        var outcomes = await OutcomesAsync(stream, after);
        Assert.All(after, id => Assert.Equal("order.confirmed", outcomes[id]));
        // None lost: every order placed during the attempt has its execution, and it was confirmed or failed on the broken build.
        var failedDuring = placed.Where(id => executions[Shared.Domain.ExecutionName.For("sluice/canary", $"evt-{id}")] == "FAILED").ToList();
        Assert.All(placed, id => Assert.True(executions.ContainsKey(Shared.Domain.ExecutionName.For("sluice/canary", $"evt-{id}")), $"{id} has no execution"));
        var confirmed = await OutcomesAsync(stream, placed.Except(failedDuring).ToList());
        Assert.All(placed.Except(failedDuring), id => Assert.Equal("order.confirmed", confirmed[id]));

        // The AWS CLI sees the same picture through CloudWatch: the alarms, and version 2 failing every call it got.
        var aws = new Support.AwsCli(_host.Endpoint);
        var alarms = await aws.JsonAsync("cloudwatch", "describe-alarms", "--alarm-name-prefix", Stack + "-");
        var byName = alarms.GetProperty("MetricAlarms").EnumerateArray().ToDictionary(a => a.GetProperty("AlarmName").GetString()!, StringComparer.Ordinal);
        var errorRate = byName.Single(a => a.Key.StartsWith(Stack + "-OrchestratorErrorRateAlarm-", StringComparison.Ordinal)).Value;
        Assert.Equal(3, errorRate.GetProperty("Metrics").GetArrayLength());
        Assert.Contains("datapoints breaching", errorRate.GetProperty("StateReason").GetString(), StringComparison.Ordinal);
        var deadLetters = byName.Single(a => a.Key.StartsWith(Stack + "-WorkflowDeadLetterQueueAlarm-", StringComparison.Ordinal)).Value;
        Assert.Equal("INSUFFICIENT_DATA", deadLetters.GetProperty("StateValue").GetString());
        Assert.Contains("Not evaluated by the local cloud", deadLetters.GetProperty("StateReason").GetString(), StringComparison.Ordinal);
        var queries = $$$"""
            [{"Id":"errors","MetricStat":{"Metric":{"Namespace":"AWS/Lambda","MetricName":"Errors","Dimensions":[{"Name":"FunctionName","Value":"{{{orchestrator}}}"},{"Name":"ExecutedVersion","Value":"2"}]},"Period":3600,"Stat":"Sum"}},
             {"Id":"calls","MetricStat":{"Metric":{"Namespace":"AWS/Lambda","MetricName":"Invocations","Dimensions":[{"Name":"FunctionName","Value":"{{{orchestrator}}}"},{"Name":"ExecutedVersion","Value":"2"}]},"Period":3600,"Stat":"Sum"}}]
            """;
        var data = await aws.JsonAsync("cloudwatch", "get-metric-data", "--metric-data-queries", queries,
            "--start-time", DateTimeOffset.UtcNow.AddHours(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            "--end-time", DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        var results = data.GetProperty("MetricDataResults").EnumerateArray().ToDictionary(r => r.GetProperty("Id").GetString()!, r => r.GetProperty("Values").EnumerateArray().Sum(v => v.GetDouble()), StringComparer.Ordinal);
        Assert.True(results["calls"] > 0, "version 2 took some of the workflow's calls");
        Assert.Equal(results["calls"], results["errors"]);
        Assert.True(results["errors"] >= failedDuring.Count, $"{results["errors"]} errors on version 2, {failedDuring.Count} orders failed");
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"canary figures: {reason}; orders placed during the attempt: {placed.Count}, failed on the broken build: {failedDuring.Count} ({100.0 * failedDuring.Count / Math.Max(1, placed.Count):0.0}%)");
    }

    private void Place(KinesisStream stream, string orderId) =>
        _host.Kinesis.PutRecord(stream, new KinesisPutEntry(Encoding.UTF8.GetBytes(
            $$$"""{"specversion":"1.0","id":"evt-{{{orderId}}}","source":"sluice/canary","type":"order.placed","subject":"{{{orderId}}}","time":"2026-12-04T01:00:00Z","datacontenttype":"application/json","data":{"orderId":"{{{orderId}}}","customerId":"c-1","currency":"EUR","paymentToken":"tok_ok","lines":[{"sku":"SKU-1","quantity":2,"unitPrice":9.5}]}}"""),
            orderId, null));

    /// <summary>The executions' statuses by name once <paramref name="expected"/> of them have finished.</summary>
    private async Task<Dictionary<string, string>> FinishedAsync(string stateMachineArn, int expected)
    {
        var aws = new Support.AwsCli(_host.Endpoint);
        Support.AwsCli.RequireInstalled();
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        await Poll.UntilAsync(async () =>
        {
            var list = await aws.JsonAsync("stepfunctions", "list-executions", "--state-machine-arn", stateMachineArn);
            statuses = list.GetProperty("executions").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("status").GetString()!, StringComparer.Ordinal);
            return statuses.Count >= expected && statuses.Values.All(s => s != "RUNNING");
        }, () => $"{statuses.Count(s => s.Value != "RUNNING")} of {expected} executions finished", s_deadline);
        return statuses;
    }

    /// <summary>The outcome event type of each order, once every one of <paramref name="orders"/> has one on the stream.</summary>
    private async Task<Dictionary<string, string>> OutcomesAsync(KinesisStream stream, IReadOnlyCollection<string> orders)
    {
        var outcomes = new Dictionary<string, string>(StringComparer.Ordinal);
        await Poll.UntilAsync(() =>
        {
            foreach (var shard in stream.Shards)
            {
                var (records, _, _) = _host.Kinesis.GetRecords(_host.Kinesis.GetShardIterator(stream, shard.ShardId, "TRIM_HORIZON", null, null), 10_000);
                foreach (var record in records)
                {
                    var root = JsonDocument.Parse(record.Data).RootElement;
                    if (root.GetProperty("type").GetString() is "order.confirmed" or "order.rejected" && root.GetProperty("subject").GetString() is { } subject)
                    {
                        outcomes[subject] = root.GetProperty("type").GetString()!;
                    }
                }
            }
            return orders.All(outcomes.ContainsKey);
        }, () => $"{orders.Count(outcomes.ContainsKey)} of {orders.Count} outcomes on the stream", s_deadline);
        return outcomes;
    }
}
