using System.Text.Json;
using Sluice.Cli.Tests.Support;

namespace Sluice.Cli.Tests.Put;

/// <summary>`sluice put` against a Kinesis that fails exactly the entries the test chooses.</summary>
public sealed class PutRetryTests
{
    private readonly List<List<string>> _calls = [];
    private readonly List<TimeSpan> _delays = [];

    /// <summary>Answers PutRecords, failing each entry for which <paramref name="fail"/> gives an error code (call number is 1-based).</summary>
    private Task<FakeAwsEndpoint> KinesisAsync(Func<int, int, string, string?> fail) => FakeAwsEndpoint.StartAsync((operation, body) =>
    {
        Assert.Equal("PutRecords", operation);
        using var request = JsonDocument.Parse(body);
        var keys = request.RootElement.GetProperty("Records").EnumerateArray().Select(r => r.GetProperty("PartitionKey").GetString()!).ToList();
        int call;
        lock (_calls)
        {
            _calls.Add(keys);
            call = _calls.Count;
        }

        var entries = keys.Select((key, i) => fail(call, i, key) is { } code
            ? $$"""{"ErrorCode":"{{code}}","ErrorMessage":"Rate exceeded for shard shardId-000000000000"}"""
            : $$"""{"SequenceNumber":"{{call}}{{i:D5}}","ShardId":"shardId-000000000000"}""").ToList();
        var failed = keys.Where((key, i) => fail(call, i, key) is not null).Count();
        return Task.FromResult((200, $$"""{"FailedRecordCount":{{failed}},"Records":[{{string.Join(',', entries)}}]}"""));
    });

    private Task<CliResult> PutAsync(FakeAwsEndpoint kinesis, params string[] extra) =>
        CliRunner.RunAsync(["put", "--endpoint", kinesis.Endpoint, "--stream", "orders", "--mix", "valid=1", "--seed", "3", "--json", .. extra],
            host => new CliHost
            {
                Out = host.Out,
                Error = host.Error,
                Environment = host.Environment,
                WorkingDirectory = host.WorkingDirectory,
                Random = () => 0.5,
                Delay = (delay, _) =>
                {
                    lock (_delays)
                    {
                        _delays.Add(delay);
                    }

                    return Task.CompletedTask;
                },
            });

    [Fact]
    public async Task Put_PartiallyFailedBatch_ResendsOnlyTheFailedEntries()
    {
        await using var kinesis = await KinesisAsync((call, i, _) => call == 1 && i == 1 ? "ProvisionedThroughputExceededException" : call == 1 && i == 3 ? "InternalFailure" : null);

        var result = await PutAsync(kinesis, "--count", "5");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(2, _calls.Count);
        Assert.Equal([_calls[0][1], _calls[0][3]], _calls[1]);
        using var summary = JsonDocument.Parse(result.Out);
        Assert.Equal(5, summary.RootElement.GetProperty("put").GetInt32());
        Assert.Equal(2, summary.RootElement.GetProperty("retries").GetInt32());
        Assert.Equal(1, summary.RootElement.GetProperty("throttled").GetInt32());
        Assert.Equal(2, summary.RootElement.GetProperty("calls").GetInt32());
        Assert.Single(_delays);
    }

    [Fact]
    public async Task Put_EntryThatNeverGoesIn_GivenUpAfterMaxAttemptsAndReported()
    {
        string? doomed = null;
        await using var kinesis = await KinesisAsync((call, i, key) =>
        {
            if (call == 1 && i == 2)
            {
                doomed = key;
            }

            return key == doomed ? "InternalFailure" : null;
        });

        var result = await PutAsync(kinesis, "--count", "4", "--max-attempts", "3");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(3, _calls.Count);
        Assert.All(_calls.Skip(1), c => Assert.Equal([doomed!], c));
        using var summary = JsonDocument.Parse(result.Out);
        Assert.Equal(3, summary.RootElement.GetProperty("put").GetInt32());
        Assert.Equal(1, summary.RootElement.GetProperty("failed").GetInt32());
        var notPut = Assert.Single(summary.RootElement.GetProperty("notPut").EnumerateArray());
        Assert.Equal(doomed, notPut.GetProperty("partitionKey").GetString());
        Assert.Equal("InternalFailure", notPut.GetProperty("errorCode").GetString());
        Assert.Equal("sluice: 1 of 4 records were not put (see the summary)", result.Error.Trim().Split('\n')[^1]);
        // Backoff grows: 100 ms then 200 ms ceilings, equal jitter at 0.5 → 75 ms, 150 ms.
        Assert.Equal([TimeSpan.FromMilliseconds(75), TimeSpan.FromMilliseconds(150)], _delays);
    }

    [Fact]
    public async Task Put_ManyRecords_BatchesOfAtMost500()
    {
        await using var kinesis = await KinesisAsync((_, _, _) => null);

        var result = await PutAsync(kinesis, "--count", "1201");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal([500, 500, 201], _calls.Select(c => c.Count));
    }

    [Fact]
    public async Task Put_LargeFileEvents_BatchesStayUnder5MiB()
    {
        var file = Path.Combine(CliRunner.EmptyHome, "large.ndjson");
        var padding = new string('x', 240 * 1024);
        await File.WriteAllLinesAsync(file, Enumerable.Range(0, 30).Select(i =>
            $$$"""{"specversion":"1.0","id":"big-{{{i}}}","source":"test","type":"order.placed","subject":"o-{{{i}}}","data":{"orderId":"o-{{{i}}}","note":"{{{padding}}}"}}"""),
            TestContext.Current.CancellationToken);
        await using var kinesis = await KinesisAsync((_, _, _) => null);

        var result = await CliRunner.RunAsync(["put", "--endpoint", kinesis.Endpoint, "--stream", "orders", "--file", file]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal([21, 9], _calls.Select(c => c.Count));
    }

    [Fact]
    public async Task Put_Interrupted_ReportsWhatWasPutAndExits130()
    {
        using var interrupt = new CancellationTokenSource();
        await using var kinesis = await KinesisAsync((call, _, _) =>
        {
            if (call == 3)
            {
                interrupt.Cancel();
            }

            return null;
        });

        var result = await CliRunner.RunAsync(["put", "--endpoint", kinesis.Endpoint, "--stream", "orders", "--count", "5000", "--json"],
            cancellationToken: interrupt.Token);

        Assert.Equal(130, result.ExitCode);
        using var summary = JsonDocument.Parse(result.Out);
        Assert.True(summary.RootElement.GetProperty("interrupted").GetBoolean());
        var root = summary.RootElement;
        var put = root.GetProperty("put").GetInt32();
        var inFlight = root.GetProperty("inFlight").GetInt32();
        var notSent = root.GetProperty("notSent").GetInt32();
        // Cancelled while the third call was answered: its 500 were put or are in flight; nothing was sent after.
        Assert.Equal(3, _calls.Count);
        Assert.True((put, inFlight) is (1000, 500) or (1500, 0), $"put {put}, in flight {inFlight}");
        Assert.Equal(5000, root.GetProperty("requested").GetInt32());
        Assert.Equal(1500, root.GetProperty("records").GetInt32());
        Assert.Equal(5000, put + root.GetProperty("failed").GetInt32() + inFlight + notSent);
        Assert.Equal($"sluice: interrupted: {put} of 5000 records put, {inFlight} in flight (they may or may not be in the stream), {notSent} not sent",
            result.Error.Trim().Split('\n')[^1]);
    }

    [Fact]
    public async Task Put_InterruptedDuringABackoff_TheFailedEntriesAreNotSentNotInFlight()
    {
        using var interrupt = new CancellationTokenSource();
        await using var kinesis = await KinesisAsync((call, i, _) => call == 1 && i < 10 ? "ProvisionedThroughputExceededException" : null);

        var result = await CliRunner.RunAsync(["put", "--endpoint", kinesis.Endpoint, "--stream", "orders", "--count", "700", "--json"],
            host => new CliHost
            {
                Out = host.Out,
                Error = host.Error,
                Environment = host.Environment,
                WorkingDirectory = host.WorkingDirectory,
                Random = () => 0.5,
                Delay = (_, token) =>
                {
                    interrupt.Cancel();
                    return Task.FromCanceled(token);
                },
            },
            cancellationToken: interrupt.Token);

        Assert.Equal(130, result.ExitCode);
        using var summary = JsonDocument.Parse(result.Out);
        var root = summary.RootElement;
        Assert.Single(_calls);
        Assert.Equal((490, 0, 210, 0), (root.GetProperty("put").GetInt32(), root.GetProperty("inFlight").GetInt32(), root.GetProperty("notSent").GetInt32(), root.GetProperty("failed").GetInt32()));
        Assert.Equal((700, 500), (root.GetProperty("requested").GetInt32(), root.GetProperty("records").GetInt32()));
    }
}
