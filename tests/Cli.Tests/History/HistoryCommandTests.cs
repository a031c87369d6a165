using System.Text.Json;
using Sluice.Cli.Put;
using Sluice.Cli.Tests.Support;
using Sluice.Shared.Domain;

namespace Sluice.Cli.Tests.History;

/// <summary>`sluice history` on streams holding what the pipeline writes: placed events, then outcomes as the Orchestrator appends them.</summary>
public sealed class HistoryCommandTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>
{
    private static readonly DateTimeOffset s_t0 = new(2026, 2, 1, 10, 0, 0, TimeSpan.Zero);

    private static OrderPlaced Order(string orderId, string sku = "SKU-1") =>
        new(orderId, "cust-7", "EUR", "tok_visa", [new OrderLine(sku, 2, 12.5m)]);

    private static byte[] Placed(string orderId, string sku = "SKU-1") => OrderGenerator.Write("evt-" + orderId, Order(orderId, sku), s_t0);

    // The outcome events as the Orchestrator writes them (the contract in Sluice.Shared.Domain), before it signs them.
    private static byte[] UnsignedConfirmed(string orderId) =>
        OrderOutcome.Write(new OrderConfirmed(orderId, "cust-7", 25m, "EUR", "auth-" + orderId, "evt-" + orderId), s_t0.AddSeconds(2));

    private Task<byte[]> ConfirmedAsync(string orderId) => AwsTestClients.SignedAsync(cloud.Endpoint, UnsignedConfirmed(orderId));

    private Task<byte[]> RejectedAsync(string orderId) => AwsTestClients.SignedAsync(cloud.Endpoint,
        OrderOutcome.Write(new OrderRejected(orderId, "cust-7", new RejectionReason("OutOfStock", "OOS-42 is out of stock"), "evt-" + orderId), s_t0.AddSeconds(3)));

    private async Task<string> StreamWithNeighboursAsync()
    {
        var stream = await cloud.NewStreamAsync(4);
        for (var i = 0; i < 12; i++)
        {
            var other = $"other-{i}";
            await AwsTestClients.PutAsync(cloud.Endpoint, stream, other, Placed(other));
        }

        return stream;
    }

    [Fact]
    public async Task History_ConfirmedOrderWithRetriedOutcome_ConfirmedAndDuplicateDropped()
    {
        var stream = await StreamWithNeighboursAsync();
        await AwsTestClients.PutAsync(cloud.Endpoint, stream, "ord-c", Placed("ord-c"));
        var confirmed = await ConfirmedAsync("ord-c");
        await AwsTestClients.PutAsync(cloud.Endpoint, stream, "ord-c", confirmed);
        await AwsTestClients.PutAsync(cloud.Endpoint, stream, "ord-c", confirmed);
        await AwsTestClients.PutAsync(cloud.Endpoint, stream, "ord-c", Placed("ord-c"));

        var result = await CliRunner.RunAsync(["history", "ord-c", "--endpoint", cloud.Endpoint, "--stream", stream, "--json"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var report = JsonDocument.Parse(result.Out);
        var root = report.RootElement;
        Assert.Equal("confirmed", root.GetProperty("status").GetString());
        Assert.Equal("auth-ord-c", root.GetProperty("authorizationId").GetString());
        Assert.Equal(25m, root.GetProperty("total").GetDecimal());
        Assert.Equal(2, root.GetProperty("duplicates").GetInt32());
        Assert.Equal(["order.placed", "order.confirmed"], root.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        var shard = Assert.Single(root.GetProperty("shards").EnumerateArray()).GetString();
        var expected = (await AwsTestClients.ReadAllAsync(cloud.Endpoint, stream)).Count(r => r.PartitionKey == "ord-c");
        Assert.Equal(4, expected);
        Assert.All(root.GetProperty("events").EnumerateArray(), e => Assert.Equal(shard, e.GetProperty("shardId").GetString()));
    }

    [Fact]
    public async Task History_RejectedOrder_PrintsRejectedWithTheReason()
    {
        var stream = await StreamWithNeighboursAsync();
        await AwsTestClients.PutAsync(cloud.Endpoint, stream, "ord-r", Placed("ord-r", "OOS-42"));
        await AwsTestClients.PutAsync(cloud.Endpoint, stream, "ord-r", await RejectedAsync("ord-r"));

        var result = await CliRunner.RunAsync(["history", "ord-r", "--endpoint", cloud.Endpoint, "--stream", stream]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Out.Split('\n').Select(l => System.Text.RegularExpressions.Regex.Replace(l.TrimEnd(), " {2,}", " ")).ToList();
        Assert.Contains("status: rejected", lines);
        Assert.Contains("reason: OutOfStock: OOS-42 is out of stock", lines);
        Assert.Contains(lines, l => l.StartsWith("events: 2 (0 duplicates dropped)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("order.rejected", StringComparison.Ordinal) && l.Contains("ord-r/outcome", StringComparison.Ordinal));
        Assert.DoesNotContain("other-", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_ForgedOutcomes_LeftOutAndListedWithTheReason_TheWorkflowsOutcomeDecides()
    {
        var stream = await StreamWithNeighboursAsync();
        await AwsTestClients.PutAsync(cloud.Endpoint, stream, "ord-f", Placed("ord-f", "OOS-42"));
        // A producer's confirmation, before the workflow's rejection: unsigned, then with the rejection's signature copied onto it.
        await AwsTestClients.PutAsync(cloud.Endpoint, stream, "ord-f", UnsignedConfirmed("ord-f"));
        var rejected = await RejectedAsync("ord-f");
        var copied = System.Text.Json.Nodes.JsonNode.Parse(rejected)!.AsObject();
        copied["type"] = "order.confirmed";
        copied["data"] = System.Text.Json.Nodes.JsonNode.Parse(UnsignedConfirmed("ord-f"))!["data"]!.DeepClone();
        await AwsTestClients.PutAsync(cloud.Endpoint, stream, "ord-f", System.Text.Encoding.UTF8.GetBytes(copied.ToJsonString()));
        await AwsTestClients.PutAsync(cloud.Endpoint, stream, "ord-f", rejected);

        var json = await CliRunner.RunAsync(["history", "ord-f", "--endpoint", cloud.Endpoint, "--stream", stream, "--json"]);
        var text = await CliRunner.RunAsync(["history", "ord-f", "--endpoint", cloud.Endpoint, "--stream", stream]);

        Assert.True(json.ExitCode == 0, json.ToString());
        using var report = JsonDocument.Parse(json.Out);
        var root = report.RootElement;
        Assert.Equal("rejected", root.GetProperty("status").GetString());
        Assert.Equal(0, root.GetProperty("duplicates").GetInt32());
        Assert.Equal(["order.placed", "order.rejected"], root.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        var untrusted = root.GetProperty("untrusted").EnumerateArray().ToList();
        Assert.Equal(2, untrusted.Count);
        Assert.All(untrusted, u => Assert.Equal("order.confirmed", u.GetProperty("type").GetString()));
        Assert.Contains("carries no workflow signature", untrusted[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("does not verify with the workflow's key", untrusted[1].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("untrusted", text.Out, StringComparison.Ordinal);
        Assert.Contains("left out: order.confirmed event carries no workflow signature", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_MalformedRecordUnderTheKey_ListedAsUnreadable()
    {
        var stream = await cloud.NewStreamAsync(1);
        await AwsTestClients.PutAsync(cloud.Endpoint, stream, "ord-m", "{\"specversion\":"u8.ToArray());

        var result = await CliRunner.RunAsync(["history", "ord-m", "--endpoint", cloud.Endpoint, "--stream", stream, "--json"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var report = JsonDocument.Parse(result.Out);
        Assert.Equal("unknown", report.RootElement.GetProperty("status").GetString());
        var unreadable = Assert.Single(report.RootElement.GetProperty("unreadable").EnumerateArray());
        Assert.StartsWith("record is not valid JSON", unreadable.GetProperty("problem").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_UnknownOrder_ExitsOneWithOneLine()
    {
        var stream = await cloud.NewStreamAsync(1);

        var result = await CliRunner.RunAsync(["history", "nobody", "--endpoint", cloud.Endpoint, "--stream", stream]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"sluice: no events for order 'nobody' in stream '{stream}' (and no execution of that name); no event archive is known to search "
            + "(pass --archive-bucket, or --stack for a stack with an ArchiveBucketName output)", result.Error.Trim());
    }

    [Fact]
    public async Task History_StreamNotFound_OneLineError()
    {
        var result = await CliRunner.RunAsync(["history", "o-1", "--endpoint", cloud.Endpoint, "--stream", "missing"]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"sluice: stream 'missing' not found at {cloud.Endpoint}", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task History_NoOrderId_UsageError()
    {
        var result = await CliRunner.RunAsync(["history"]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("sluice: Required argument missing for command: 'history'", result.Error, StringComparison.Ordinal);
    }
}

/// <summary>`sluice history` against a cloud that has no outcome key: it refuses to show an unchecked decision.</summary>
public sealed class HistoryWithoutOutcomeKeyTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>
{
    [Fact]
    public async Task History_OutcomeButNoKey_ExitsOneWithTheReason()
    {
        var stream = await cloud.NewStreamAsync(1);
        var t0 = new DateTimeOffset(2026, 2, 1, 10, 0, 0, TimeSpan.Zero);
        await AwsTestClients.PutAsync(cloud.Endpoint, stream, "ord-k", OrderGenerator.Write("evt-ord-k", new OrderPlaced("ord-k", "cust-7", "EUR", "tok_visa", [new OrderLine("SKU-1", 2, 12.5m)]), t0));
        // Signed (with some MAC): only KMS can say whether it is the workflow's, and this cloud has no key.
        var outcome = OrderOutcome.Write(new OrderConfirmed("ord-k", "cust-7", 25m, "EUR", "auth-ord-k", "evt-ord-k"), t0.AddSeconds(2));
        await AwsTestClients.PutAsync(cloud.Endpoint, stream, "ord-k", OutcomeSignature.Attach(outcome, new byte[32]));

        var result = await CliRunner.RunAsync(["history", "ord-k", "--endpoint", cloud.Endpoint, "--stream", stream]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("sluice: cannot check the workflow's signature on the order's outcome with key 'alias/sluice-dev-outcomes'", result.Error, StringComparison.Ordinal);
        Assert.Contains("NotFoundException", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
