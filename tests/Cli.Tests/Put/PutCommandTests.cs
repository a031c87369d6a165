using System.Text.Json;
using Sluice.Cli.Tests.Support;
using Sluice.Shared.Envelope;

namespace Sluice.Cli.Tests.Put;

/// <summary>`sluice put` against the local cloud, with Kinesis's per-shard limits on.</summary>
public sealed class PutCommandTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>
{
    private static JsonElement Json(CliResult result)
    {
        using var document = JsonDocument.Parse(result.Out);
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task Put_GeneratedOrders_LandKeyedByOrderIdAsContractEvents()
    {
        var stream = await cloud.NewStreamAsync(2);

        var result = await CliRunner.RunAsync(["put", "--endpoint", cloud.Endpoint, "--stream", stream, "--count", "60", "--seed", "7", "--json"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var summary = Json(result);
        Assert.Equal(60, summary.GetProperty("put").GetInt32());
        Assert.Equal(7, summary.GetProperty("seed").GetInt32());
        Assert.Equal(0, summary.GetProperty("failed").GetInt32());
        Assert.Equal(60, summary.GetProperty("byKind").EnumerateObject().Sum(k => k.Value.GetInt32()));
        var records = await AwsTestClients.ReadAllAsync(cloud.Endpoint, stream);
        Assert.Equal(60, records.Count);
        var valid = records.Select(r => (r, CloudEventParser.Parse(r.Data))).Where(x => x.Item2.IsValid).ToList();
        Assert.NotEmpty(valid);
        Assert.All(valid, x =>
        {
            var e = x.Item2.Event!;
            Assert.Equal(EventTypes.OrderPlaced, e.Type);
            Assert.Equal("sluice/generator", e.Source);
            Assert.Equal(x.r.PartitionKey, e.Subject);
            Assert.Equal(e.Subject, e.Data.GetProperty("orderId").GetString());
            Assert.NotNull(e.Time);
            Assert.True(DateTimeOffset.UtcNow - e.Time!.Value < TimeSpan.FromMinutes(1), "time is the production time");
        });
        Assert.Equal(valid.Count, valid.Select(x => x.Item2.Event!.Id).Distinct().Count());
    }

    [Fact]
    public async Task Put_FasterThanOneShardTakes_EveryRecordLandsExactlyOnceAfterRetryingOnlyFailedEntries()
    {
        var stream = await cloud.NewStreamAsync(1);

        var result = await CliRunner.RunAsync(["put", "--endpoint", cloud.Endpoint, "--stream", stream, "--count", "2600", "--mix", "valid=1", "--seed", "11", "--json"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var summary = Json(result);
        var throttled = summary.GetProperty("throttled").GetInt32();
        Assert.True(throttled > 0, "1,000 records/s per shard must have throttled 2,600 records sent at once");
        // Every retried entry was one the service reported failed, and nothing was given up on.
        Assert.Equal(throttled, summary.GetProperty("retries").GetInt32());
        Assert.Equal(2600, summary.GetProperty("put").GetInt32());
        Assert.True(summary.GetProperty("calls").GetInt32() > summary.GetProperty("batches").GetInt32());
        var records = await AwsTestClients.ReadAllAsync(cloud.Endpoint, stream);
        var ids = records.Select(r => CloudEventParser.Parse(r.Data).Event!.Id).ToList();
        Assert.Equal(2600, ids.Count);
        Assert.Equal(2600, ids.Distinct().Count());
    }

    [Fact]
    public async Task Put_Rate_PacesTheRecords()
    {
        var stream = await cloud.NewStreamAsync(1);

        var result = await CliRunner.RunAsync(["put", "--endpoint", cloud.Endpoint, "--stream", stream, "--count", "40", "--rate", "40", "--json"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var seconds = Json(result).GetProperty("durationSeconds").GetDouble();
        Assert.InRange(seconds, 0.7, 5);
        Assert.Contains("records/s", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_File_PutsEachLineUnchangedKeyedBySubject()
    {
        var stream = await cloud.NewStreamAsync(1);
        var file = Path.Combine(CliRunner.EmptyHome, "orders-ok.ndjson");
        string[] lines =
        [
            """{"specversion":"1.0","id":"f-1","source":"test","type":"order.placed","subject":"o-1","time":"2026-01-01T00:00:00Z","data":{"orderId":"o-1","customerId":"c","currency":"EUR","paymentToken":"tok_declined","lines":[{"sku":"A","quantity":1,"unitPrice":2}]}}""",
            "",
            """{"specversion":"1.0","id":"f-2","source":"test","type":"order.placed","subject":"o-2","data":{"orderId":"o-2","customerId":"c","currency":"EUR","paymentToken":"t","lines":[{"sku":"OOS-1","quantity":1,"unitPrice":2}]}}""",
        ];
        await File.WriteAllLinesAsync(file, lines, TestContext.Current.CancellationToken);

        var result = await CliRunner.RunAsync(["put", "--endpoint", cloud.Endpoint, "--stream", stream, "--file", file]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("2 of 2 (declined 1, out-of-stock 1)", result.Out, StringComparison.Ordinal);
        var records = await AwsTestClients.ReadAllAsync(cloud.Endpoint, stream);
        Assert.Equal(["o-1", "o-2"], records.Select(r => r.PartitionKey));
        Assert.Equal(lines[0], System.Text.Encoding.UTF8.GetString(records[0].Data));
    }

    [Fact]
    public async Task Put_FileWithBadLine_OneLineErrorWithItsLineNumberAndNothingPut()
    {
        var stream = await cloud.NewStreamAsync(1);
        var file = Path.Combine(CliRunner.EmptyHome, "orders-bad.ndjson");
        await File.WriteAllLinesAsync(file,
        [
            """{"specversion":"1.0","id":"b-1","source":"test","type":"order.placed","subject":"o-1","data":{"orderId":"o-1"}}""",
            """{"specversion":"1.0","id":"b-2","source":"test","type":"order.placed","subject":"o-2","data":{"orderId":"o-2"}}""",
            """{"specversion":"1.0","source":"test","type":"order.placed","subject":"o-3","data":{"orderId":"o-3"}}""",
        ], TestContext.Current.CancellationToken);

        var result = await CliRunner.RunAsync(["put", "--endpoint", cloud.Endpoint, "--stream", stream, "--file", file]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"sluice: {file}:3: missing required attribute 'id'", result.Error.Trim());
        Assert.Empty(await AwsTestClients.ReadAllAsync(cloud.Endpoint, stream));
    }

    [Fact]
    public async Task Put_StreamNotFound_OneLineError()
    {
        var result = await CliRunner.RunAsync(["put", "--endpoint", cloud.Endpoint, "--stream", "no-such-stream", "--count", "3"]);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("sluice:", StringComparison.Ordinal));
        Assert.StartsWith("sluice: stream 'no-such-stream' not found at " + cloud.Endpoint, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_EndpointUnreachable_OneLineError()
    {
        var result = await CliRunner.RunAsync(["put", "--endpoint", "http://127.0.0.1:9", "--stream", "s", "--count", "1"]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("sluice: cannot reach http://127.0.0.1:9:", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("--rate", "0", "--rate takes a number from 0.001 to 1000000")]
    [InlineData("--count", "-5", "--count takes a whole number from 1 to 10000000")]
    [InlineData("--mix", "valid=1,weird=2", "--mix 'valid=1,weird=2': unknown kind 'weird'")]
    [InlineData("--endpoint", "ftp://x", "--endpoint must be an http(s) URL or 'none'")]
    [InlineData("--max-attempts", "0", "--max-attempts takes a whole number from 1 to 100")]
    public async Task Put_BadOption_OneLineUsageError(string option, string value, string expected)
    {
        var result = await CliRunner.RunAsync(["put", "--stream", "s", option, value]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Put_FileWithCount_UsageError()
    {
        var result = await CliRunner.RunAsync(["put", "--file", "x.ndjson", "--count", "3"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--file cannot be combined with --count", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_FileNotUtf8_OneLineUsageError()
    {
        var file = Path.Combine(CliRunner.EmptyHome, "latin1.ndjson");
        await File.WriteAllBytesAsync(file, [(byte)'{', 0xE9, (byte)'}', (byte)'\n'], TestContext.Current.CancellationToken);

        var result = await CliRunner.RunAsync(["put", "--stream", "s", "--file", file]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"sluice: --file: '{file}' is not UTF-8 text", result.Error.Trim());
    }

    [Fact]
    public async Task Put_FileMissing_OneLineUsageError()
    {
        var result = await CliRunner.RunAsync(["put", "--stream", "s", "--file", "/nonexistent/orders.ndjson"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("sluice: --file: '/nonexistent/orders.ndjson' does not exist", result.Error.Trim());
    }
}
