using System.Text;
using System.Text.Json;
using Sluice.LocalCloud.CloudFormation.Template;
using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Lambda;
using Sluice.LocalCloud.Tests.CloudFormation.Template;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.EndToEnd;

/// <summary>
/// The whole pipeline as `dotnet run --project src/LocalCloud -- --template infra/template.yaml` runs it:
/// the project's template deployed on one host, the three real AOT bootstraps behind the template's
/// event source mappings, the template's state machine calling the real Orchestrator. Orders go in with
/// the AWS CLI; what comes out is checked where a user would look: executions, the outcome events on the
/// stream, the rejected queue.
/// </summary>
public sealed class OrderPipelineTests : IAsyncLifetime
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromMinutes(5);
    private LocalCloudHost _host = null!;
    private DeployedStack _stack = null!;

    public async ValueTask InitializeAsync()
    {
        AwsCli.RequireInstalled();
        _host = LocalCloudHost.Create(
            new LocalCloudOptions { Port = 0 },
            new LambdaOptions { RepositoryRoot = RepositoryRoot.Directory, PollInterval = TimeSpan.FromMilliseconds(20) });
        await _host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        _stack = (await StackStartup.DeployAsync(_host, new StackArguments(StackRig.ProjectTemplate, new StackSettings(), WithoutLambda: false), _host.Lambda,
            TextWriter.Null, TextWriter.Null, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(15)))!;
        Assert.NotNull(_stack);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task PutRecord_EachKindOfOrder_ReachesItsOutcomeThroughTheRealFunctions()
    {
        var aws = new AwsCli(_host.Endpoint);
        var streamName = _stack.Outputs["OrderStreamName"];
        var orders = new (string Id, string Token, string Sku, string Currency, string Expected)[]
        {
            ("e2e-ok", "tok_ok", "SKU-1", "EUR", "confirmed"),
            ("e2e-oos", "tok_ok", "OOS-7", "EUR", "OutOfStock"),
            ("e2e-declined", "tok_declined", "SKU-1", "USD", "PaymentDeclined"),
            ("e2e-invalid", "tok_ok", "SKU-1", "XXX", "ValidationFailed"),
        };
        foreach (var order in orders)
        {
            await PutAsync(aws, streamName, order.Id, OrderPlaced(order.Id, order.Token, order.Sku, order.Currency));
        }

        await PutAsync(aws, streamName, "e2e-ok", OrderPlaced("e2e-ok", "tok_ok", "SKU-1", "EUR"));
        await PutAsync(aws, streamName, "e2e-garbage", "this is not an event");

        var stateMachineArn = _stack.Outputs["OrderFulfilmentStateMachineArn"];
        await Poll.UntilAsync(async () => (await ExecutionsAsync(aws, stateMachineArn)).Count(e => e.Status != "RUNNING") == orders.Length,
            () => "executions still running or missing", s_deadline);
        var executions = await ExecutionsAsync(aws, stateMachineArn);
        Assert.Equal(orders.Select(o => $"evt-{o.Id}").Order(), executions.Select(e => e.Name).Order());
        Assert.All(executions, e => Assert.Equal("SUCCEEDED", e.Status));

        var outcomes = await EventuallyOutcomesAsync(streamName, orders.Length);
        foreach (var order in orders)
        {
            var outcome = outcomes[order.Id];
            if (order.Expected == "confirmed")
            {
                Assert.Equal("order.confirmed", outcome.GetProperty("type").GetString());
                Assert.Equal(19m, outcome.GetProperty("data").GetProperty("total").GetDecimal());
            }
            else
            {
                Assert.Equal("order.rejected", outcome.GetProperty("type").GetString());
                Assert.Equal(order.Expected, outcome.GetProperty("data").GetProperty("reason").GetProperty("error").GetString());
            }

            Assert.Equal($"{order.Id}/outcome", outcome.GetProperty("id").GetString());
            Assert.Equal($"evt-{order.Id}", outcome.GetProperty("data").GetProperty("causationId").GetString());
        }

        var rejected = await aws.JsonAsync("sqs", "receive-message", "--queue-url", _stack.Outputs["RejectedQueueUrl"], "--wait-time-seconds", "5");
        var body = JsonDocument.Parse(rejected.GetProperty("Messages")[0].GetProperty("Body").GetString()!).RootElement;
        Assert.Equal("sluice.ingest.rejected", body.GetProperty("type").GetString());
        Assert.Equal("this is not an event", Encoding.UTF8.GetString(Convert.FromBase64String(body.GetProperty("data").GetProperty("rawData").GetString()!)));
        Assert.StartsWith("record is not valid JSON", body.GetProperty("data").GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    private static string OrderPlaced(string orderId, string token, string sku, string currency) =>
        $$$"""{"specversion":"1.0","id":"evt-{{{orderId}}}","source":"sluice/e2e","type":"order.placed","subject":"{{{orderId}}}","time":"2026-11-26T17:00:00Z","datacontenttype":"application/json","data":{"orderId":"{{{orderId}}}","customerId":"c-1","currency":"{{{currency}}}","paymentToken":"{{{token}}}","lines":[{"sku":"{{{sku}}}","quantity":2,"unitPrice":9.5}]}}""";

    private static async Task PutAsync(AwsCli aws, string stream, string partitionKey, string data) =>
        await aws.JsonAsync(["kinesis", "put-record", "--stream-name", stream, "--partition-key", partitionKey, "--data", AwsCli.Blob(data), .. AwsCli.Base64BlobArgs]);

    private static async Task<IReadOnlyList<(string Name, string Status)>> ExecutionsAsync(AwsCli aws, string stateMachineArn)
    {
        var list = await aws.JsonAsync("stepfunctions", "list-executions", "--state-machine-arn", stateMachineArn);
        return [.. list.GetProperty("executions").EnumerateArray().Select(e => (e.GetProperty("name").GetString()!, e.GetProperty("status").GetString()!))];
    }

    /// <summary>The outcome events on the stream, by order id, de-duplicated by event id as every reader does.</summary>
    private async Task<Dictionary<string, JsonElement>> EventuallyOutcomesAsync(string streamName, int expected)
    {
        var outcomes = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        await Poll.UntilAsync(() =>
        {
            outcomes.Clear();
            var stream = _host.Kinesis.Stream(streamName, null);
            foreach (var shard in stream.Shards)
            {
                var (records, _, _) = _host.Kinesis.GetRecords(_host.Kinesis.GetShardIterator(stream, shard.ShardId, "TRIM_HORIZON", null, null), 10_000);
                foreach (var record in records)
                {
                    try
                    {
                        var root = JsonDocument.Parse(record.Data).RootElement;
                        if (root.GetProperty("type").GetString() is "order.confirmed" or "order.rejected")
                        {
                            outcomes[root.GetProperty("subject").GetString()!] = root.Clone();
                        }
                    }
                    catch (JsonException)
                    {
                        // The garbage record is on the stream too.
                    }
                }
            }

            return outcomes.Count >= expected;
        }, () => $"{outcomes.Count} of {expected} outcome events on the stream", s_deadline);
        return outcomes;
    }
}
