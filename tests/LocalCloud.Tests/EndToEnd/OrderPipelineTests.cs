using System.Text;
using System.Text.Json;
using Sluice.LocalCloud.CloudFormation.Template;
using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Lambda;
using Sluice.LocalCloud.Tests.CloudFormation.Template;
using Sluice.LocalCloud.Tests.Support;
using Sluice.Shared.Domain;
using Sluice.Shared.Envelope;

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

        // An exact duplicate: nothing new. The same event id from another source: another event, another execution.
        await PutAsync(aws, streamName, "e2e-ok", OrderPlaced("e2e-ok", "tok_ok", "SKU-1", "EUR"));
        await PutAsync(aws, streamName, "e2e-partner", OrderPlaced("e2e-partner", "tok_ok", "SKU-1", "EUR", source: "partner/e2e", eventId: "evt-e2e-ok"));
        await PutAsync(aws, streamName, "e2e-garbage", "this is not an event");

        var stateMachineArn = _stack.Outputs["OrderFulfilmentStateMachineArn"];
        var expectedNames = orders.Select(o => ExecutionName.For(Source, $"evt-{o.Id}")).Append(ExecutionName.For("partner/e2e", "evt-e2e-ok")).Order(StringComparer.Ordinal).ToList();
        await Poll.UntilAsync(async () => (await ExecutionsAsync(aws, stateMachineArn)).Count(e => e.Status != "RUNNING") == expectedNames.Count,
            () => "executions still running or missing", s_deadline);

        // The same (source, id) with different content: a conflict, never a silent drop.
        var conflicting = OrderPlaced("e2e-ok", "tok_ok", "SKU-2", "EUR");
        await PutAsync(aws, streamName, "e2e-ok", conflicting);
        var rejectedBodies = await EventuallyRejectedAsync(aws, 2);

        var executions = await ExecutionsAsync(aws, stateMachineArn);
        Assert.Equal(expectedNames, executions.Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.All(executions, e => Assert.Equal("SUCCEEDED", e.Status));

        var outcomes = await EventuallyOutcomesAsync(streamName, orders.Length + 1);
        Assert.Equal("order.confirmed", outcomes["e2e-partner"].GetProperty("type").GetString());
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

        var garbage = Assert.Single(rejectedBodies, b => b.GetProperty("type").GetString() == "sluice.ingest.rejected");
        Assert.Equal("this is not an event", Encoding.UTF8.GetString(Convert.FromBase64String(garbage.GetProperty("data").GetProperty("rawData").GetString()!)));
        Assert.StartsWith("record is not valid JSON", garbage.GetProperty("data").GetProperty("reason").GetString(), StringComparison.Ordinal);
        var conflict = Assert.Single(rejectedBodies, b => b.GetProperty("type").GetString() == "sluice.processor.rejected");
        Assert.Equal(conflicting, Encoding.UTF8.GetString(Convert.FromBase64String(conflict.GetProperty("data").GetProperty("rawData").GetString()!)));
        Assert.Equal("e2e-ok", conflict.GetProperty("data").GetProperty("partitionKey").GetString());
        Assert.Contains("already started execution", conflict.GetProperty("data").GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutRecord_LargestOrdersIngestAccepts_FinishTheWorkflowAndOneByteMoreIsRejectedAtIngest()
    {
        var aws = new AwsCli(_host.Endpoint);
        var streamName = _stack.Outputs["OrderStreamName"];
        // 50 lines whose skus are 1,000 characters: each reservation echoes its sku twice, so the
        // state grows by about 100 KB on top of the event, which is padded to the most Ingest takes.
        var kinds = new (string Id, string Token, string LastSkuPrefix, string Expected)[]
        {
            ("big-ok", "tok_ok", "SKU-", "confirmed"),
            ("big-declined", "tok_declined", "SKU-", "PaymentDeclined"),
            ("big-oos", "tok_ok", "OOS-", "OutOfStock"),
        };
        foreach (var kind in kinds)
        {
            var largest = LargestAccepted(n => BigOrder(kind.Id, kind.Token, kind.LastSkuPrefix, n));
            await PutLargeAsync(aws, streamName, kind.Id, largest);
        }

        var tooBig = LargestAccepted(n => BigOrder("big-over", "tok_ok", "SKU-", n), plusOne: true);
        await PutLargeAsync(aws, streamName, "big-over", tooBig);

        var stateMachineArn = _stack.Outputs["OrderFulfilmentStateMachineArn"];
        await Poll.UntilAsync(async () => (await ExecutionsAsync(aws, stateMachineArn)).Count(e => e.Status != "RUNNING") == kinds.Length,
            () => "executions still running or missing", s_deadline);
        var executions = await ExecutionsAsync(aws, stateMachineArn);
        Assert.Equal(kinds.Select(k => ExecutionName.For(Source, $"evt-{k.Id}")).Order(StringComparer.Ordinal), executions.Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.All(executions, e => Assert.Equal("SUCCEEDED", e.Status));
        var outcomes = await EventuallyOutcomesAsync(streamName, kinds.Length);
        foreach (var kind in kinds)
        {
            var data = outcomes[kind.Id].GetProperty("data");
            Assert.Equal(kind.Expected, kind.Expected == "confirmed" ? "confirmed" : data.GetProperty("reason").GetProperty("error").GetString());
        }

        var rejected = Assert.Single(await EventuallyRejectedAsync(aws, 1));
        Assert.Equal("big-over", rejected.GetProperty("data").GetProperty("partitionKey").GetString());
        Assert.StartsWith("the order would outgrow the workflow", rejected.GetProperty("data").GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutRecord_ForgedOutcomes_RefusedAtIngestWithTheReason_AndOnlyTheWorkflowsOutcomeVerifies()
    {
        var aws = new AwsCli(_host.Endpoint);
        var streamName = _stack.Outputs["OrderStreamName"];
        await PutAsync(aws, streamName, "forge-me", OrderPlaced("forge-me", "tok_declined", "SKU-1", "EUR"));
        var real = (await EventuallyOutcomesAsync(streamName, 1))["forge-me"];
        Assert.Equal("order.rejected", real.GetProperty("type").GetString());

        // What a producer might write to make a declined order look confirmed.
        var confirmedData = """{"orderId":"forge-me","customerId":"c-1","total":19,"currency":"EUR","authorizationId":"auth-forged","causationId":"evt-forge-me"}""";
        var unsigned = $$"""{"specversion":"1.0","id":"forge-me/outcome","source":"sluice/orchestrator","type":"order.confirmed","subject":"forge-me","time":"2026-12-04T08:00:00.000Z","datacontenttype":"application/json","data":{{confirmedData}}}""";
        var otherSource = unsigned.Replace("\"source\":\"sluice/orchestrator\"", "\"source\":\"shop/checkout\"", StringComparison.Ordinal);
        var node = System.Text.Json.Nodes.JsonNode.Parse(real.GetRawText())!.AsObject();
        node["type"] = "order.confirmed";
        node["data"] = System.Text.Json.Nodes.JsonNode.Parse(confirmedData);
        var copiedSignature = node.ToJsonString();
        foreach (var forged in new[] { unsigned, otherSource, copiedSignature })
        {
            await PutAsync(aws, streamName, "forge-me", forged);
        }

        var rejected = await EventuallyRejectedAsync(aws, 3);
        var reasons = rejected.Select(r => (Raw: Encoding.UTF8.GetString(Convert.FromBase64String(r.GetProperty("data").GetProperty("rawData").GetString()!)), Reason: r.GetProperty("data").GetProperty("reason").GetString()!))
            .ToDictionary(r => r.Raw, r => r.Reason, StringComparer.Ordinal);
        Assert.All(rejected, r => Assert.Equal("sluice.ingest.rejected", r.GetProperty("type").GetString()));
        Assert.Contains("carries no workflow signature", reasons[unsigned], StringComparison.Ordinal);
        Assert.Contains("this one has source 'shop/checkout'", reasons[otherSource], StringComparison.Ordinal);
        Assert.Contains("does not verify with the workflow's key", reasons[copiedSignature], StringComparison.Ordinal);

        // The workflow's own outcome verifies with the stack's key, through KMS as any reader checks it.
        var parsed = CloudEventParser.Parse(Encoding.UTF8.GetBytes(real.GetRawText())).Event!;
        var dir = Directory.CreateTempSubdirectory("outcome-mac-").FullName;
        try
        {
            await File.WriteAllBytesAsync(Path.Combine(dir, "message"), OutcomeSignature.Message(parsed));
            await File.WriteAllBytesAsync(Path.Combine(dir, "mac"), OutcomeSignature.Read(parsed)!);
            var verified = await aws.JsonAsync("kms", "verify-mac", "--key-id", _stack.Outputs["OutcomeKeyArn"], "--mac-algorithm", "HMAC_SHA_256",
                "--message", "fileb://" + Path.Combine(dir, "message"), "--mac", "fileb://" + Path.Combine(dir, "mac"));
            Assert.True(verified.GetProperty("MacValid").GetBoolean());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string BigOrder(string orderId, string token, string lastSkuPrefix, int note)
    {
        var lines = Enumerable.Range(0, 50).Select(i => (i == 49 ? lastSkuPrefix : "SKU-") + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture) + new string('x', 994));
        var lineJson = string.Join(",", lines.Select(sku => $$"""{"sku":"{{sku}}","quantity":1,"unitPrice":5}"""));
        return $$$"""{"specversion":"1.0","id":"evt-{{{orderId}}}","source":"{{{Source}}}","type":"order.placed","subject":"{{{orderId}}}","time":"2026-12-04T05:00:00Z","datacontenttype":"application/json","data":{"orderId":"{{{orderId}}}","customerId":"c-1","currency":"EUR","paymentToken":"{{{token}}}","note":"{{{new string('n', note)}}}","lines":[{{{lineJson}}}]}}""";
    }

    /// <summary>The order with the longest padding that <see cref="WorkflowBudget"/> admits (or the first it refuses).</summary>
    private static string LargestAccepted(Func<int, string> build, bool plusOne = false)
    {
        bool Fits(int note)
        {
            var parsed = CloudEventParser.Parse(Encoding.UTF8.GetBytes(build(note)));
            return parsed.IsValid && WorkflowBudget.Problem(parsed.Event) is null;
        }

        int low = 0, high = CloudEvent.MaxBytes;
        Assert.True(Fits(low));
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (Fits(middle))
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return build(plusOne ? low + 1 : low);
    }

    private const string Source = "sluice/e2e";

    private static string OrderPlaced(string orderId, string token, string sku, string currency, string source = Source, string? eventId = null) =>
        $$$"""{"specversion":"1.0","id":"{{{eventId ?? "evt-" + orderId}}}","source":"{{{source}}}","type":"order.placed","subject":"{{{orderId}}}","time":"2026-11-26T17:00:00Z","datacontenttype":"application/json","data":{"orderId":"{{{orderId}}}","customerId":"c-1","currency":"{{{currency}}}","paymentToken":"{{{token}}}","lines":[{"sku":"{{{sku}}}","quantity":2,"unitPrice":9.5}]}}""";

    /// <summary>The bodies on the rejected queue once there are <paramref name="expected"/> of them (each read once: kept invisible).</summary>
    private async Task<List<JsonElement>> EventuallyRejectedAsync(AwsCli aws, int expected)
    {
        var bodies = new List<JsonElement>();
        await Poll.UntilAsync(async () =>
        {
            var received = await aws.JsonAsync("sqs", "receive-message", "--queue-url", _stack.Outputs["RejectedQueueUrl"], "--max-number-of-messages", "10", "--visibility-timeout", "600");
            if (received.TryGetProperty("Messages", out var messages))
            {
                bodies.AddRange(messages.EnumerateArray().Select(m => JsonDocument.Parse(m.GetProperty("Body").GetString()!).RootElement.Clone()));
            }

            return bodies.Count >= expected;
        }, () => $"{bodies.Count} of {expected} messages on the rejected queue", s_deadline);
        return bodies;
    }

    private static async Task PutAsync(AwsCli aws, string stream, string partitionKey, string data) =>
        await aws.JsonAsync(["kinesis", "put-record", "--stream-name", stream, "--partition-key", partitionKey, "--data", AwsCli.Blob(data), .. AwsCli.Base64BlobArgs]);

    /// <summary>A record too long for a command line goes through a file (fileb:// reads the bytes as they are).</summary>
    private static async Task PutLargeAsync(AwsCli aws, string stream, string partitionKey, string data)
    {
        var file = Path.Combine(Path.GetTempPath(), $"sluice-order-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, data);
        try
        {
            await aws.JsonAsync("kinesis", "put-record", "--stream-name", stream, "--partition-key", partitionKey, "--data", "fileb://" + file);
        }
        finally
        {
            File.Delete(file);
        }
    }

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
