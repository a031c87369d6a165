using System.Text.Json;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Logs;

/// <summary>CloudWatch Logs through the real AWS CLI: groups, streams, events, filters, paging, and AWS's errors.</summary>
public sealed class LogsCliTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>
{
    private readonly AwsCli _aws = new(cloud.Endpoint);

    private static string Group() => "/test/logs-" + Guid.NewGuid().ToString("N")[..8];

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static string Events(params (long Timestamp, string Message)[] events) =>
        JsonSerializer.Serialize(events.Select(e => new Dictionary<string, object> { ["timestamp"] = e.Timestamp, ["message"] = e.Message }));

    private async Task<string> GroupWithStreamAsync(string stream, params (long, string)[] events)
    {
        var group = Group();
        await _aws.JsonAsync("logs", "create-log-group", "--log-group-name", group);
        await _aws.JsonAsync("logs", "create-log-stream", "--log-group-name", group, "--log-stream-name", stream);
        if (events.Length > 0)
        {
            await _aws.JsonAsync("logs", "put-log-events", "--log-group-name", group, "--log-stream-name", stream, "--log-events", Events(events));
        }
        return group;
    }

    [Fact]
    public async Task CreateGroup_WithRetentionAndTags_DescribedAsAwsDoes()
    {
        AwsCli.RequireInstalled();
        var group = Group();
        await _aws.JsonAsync("logs", "create-log-group", "--log-group-name", group, "--tags", "team=orders");
        await _aws.JsonAsync("logs", "put-retention-policy", "--log-group-name", group, "--retention-in-days", "7");

        var described = (await _aws.JsonAsync("logs", "describe-log-groups", "--log-group-name-prefix", group)).GetProperty("logGroups");
        var arn = $"arn:aws:logs:us-east-1:000000000000:log-group:{group}";
        var tags = await _aws.JsonAsync("logs", "list-tags-for-resource", "--resource-arn", arn);

        var only = Assert.Single(described.EnumerateArray());
        Assert.Equal(group, only.GetProperty("logGroupName").GetString());
        Assert.Equal(7, only.GetProperty("retentionInDays").GetInt32());
        Assert.Equal(arn + ":*", only.GetProperty("arn").GetString());
        Assert.Equal("orders", tags.GetProperty("tags").GetProperty("team").GetString());
    }

    [Fact]
    public async Task PutThenGet_ThreeEvents_ReadBackInTimeOrderWithPagingTokens()
    {
        AwsCli.RequireInstalled();
        var t = Now;
        var group = await GroupWithStreamAsync("s1", (t, "first"), (t + 1, "second"), (t + 2, "third"));

        var head = await _aws.JsonAsync("logs", "get-log-events", "--log-group-name", group, "--log-stream-name", "s1", "--start-from-head", "--limit", "2", "--no-paginate");
        var rest = await _aws.JsonAsync("logs", "get-log-events", "--log-group-name", group, "--log-stream-name", "s1", "--start-from-head", "--limit", "2", "--no-paginate",
            "--next-token", head.GetProperty("nextForwardToken").GetString()!);
        var end = await _aws.JsonAsync("logs", "get-log-events", "--log-group-name", group, "--log-stream-name", "s1", "--limit", "2", "--no-paginate",
            "--next-token", rest.GetProperty("nextForwardToken").GetString()!);
        var latest = await _aws.JsonAsync("logs", "get-log-events", "--log-group-name", group, "--log-stream-name", "s1", "--limit", "1", "--no-paginate");

        Assert.Equal(["first", "second"], head.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()));
        Assert.Equal(["third"], rest.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()));
        // At the end the forward token comes back unchanged: that is how clients know to stop.
        Assert.Empty(end.GetProperty("events").EnumerateArray());
        Assert.Equal(rest.GetProperty("nextForwardToken").GetString(), end.GetProperty("nextForwardToken").GetString());
        Assert.Equal(["third"], latest.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()));
        Assert.Equal(t + 2, latest.GetProperty("events")[0].GetProperty("timestamp").GetInt64());
    }

    [Fact]
    public async Task FilterLogEvents_TermsAndJsonPatterns_MatchAcrossStreamsInTimeOrder()
    {
        AwsCli.RequireInstalled();
        var t = Now;
        var group = await GroupWithStreamAsync("a", (t, "INFO order 1 accepted"), (t + 3, """{"level":"ERROR","latency":250,"order":"o-2"}"""));
        await _aws.JsonAsync("logs", "create-log-stream", "--log-group-name", group, "--log-stream-name", "b");
        await _aws.JsonAsync("logs", "put-log-events", "--log-group-name", group, "--log-stream-name", "b",
            "--log-events", Events((t + 1, "ERROR order 3 declined"), (t + 2, """{"level":"INFO","latency":20}""")));

        async Task<List<string>> Matching(string pattern) =>
            [.. (await _aws.JsonAsync("logs", "filter-log-events", "--log-group-name", group, "--filter-pattern", pattern))
                .GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()!)];

        var all = await _aws.JsonAsync("logs", "filter-log-events", "--log-group-name", group);
        Assert.Equal(["a", "b", "b", "a"], all.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("logStreamName").GetString()));
        Assert.Equal(["ERROR order 3 declined", """{"level":"ERROR","latency":250,"order":"o-2"}"""], await Matching("ERROR"));
        Assert.Equal(["ERROR order 3 declined"], await Matching("ERROR -latency"));
        Assert.Equal(["INFO order 1 accepted", "ERROR order 3 declined"], await Matching("?accepted ?declined"));
        Assert.Equal(["""{"level":"ERROR","latency":250,"order":"o-2"}"""], await Matching("""{ $.level = "ERROR" && $.latency > 100 }"""));
        Assert.Equal(["""{"level":"INFO","latency":20}"""], await Matching("{ $.order NOT EXISTS }"));
        Assert.Equal(["INFO order 1 accepted"], await Matching("\"order 1\""));
    }

    [Fact]
    public async Task FilterLogEvents_LimitOne_PagesThroughEveryEventOnce()
    {
        AwsCli.RequireInstalled();
        var t = Now;
        var group = await GroupWithStreamAsync("s", (t, "e1"), (t, "e2"), (t + 1, "e3"));

        var seen = new List<string>();
        string? token = null;
        for (var page = 0; page < 10; page++)
        {
            string[] args = ["logs", "filter-log-events", "--log-group-name", group, "--limit", "1", "--no-paginate"];
            var result = await _aws.JsonAsync(token is null ? args : [.. args, "--next-token", token]);
            seen.AddRange(result.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()!));
            if (!result.TryGetProperty("nextToken", out var next))
            {
                break;
            }
            token = next.GetString();
        }

        Assert.Equal(["e1", "e2", "e3"], seen);
    }

    [Fact]
    public async Task BadInput_EachRefused_WithAwsErrorCodes()
    {
        AwsCli.RequireInstalled();
        var t = Now;
        var group = await GroupWithStreamAsync("s", (t, "kept"));

        Assert.Contains("ResourceAlreadyExistsException", await _aws.FailAsync("logs", "create-log-group", "--log-group-name", group));
        Assert.Contains("ResourceAlreadyExistsException", await _aws.FailAsync("logs", "create-log-stream", "--log-group-name", group, "--log-stream-name", "s"));
        Assert.Contains("The specified log group does not exist.", await _aws.FailAsync("logs", "get-log-events", "--log-group-name", group + "-missing", "--log-stream-name", "s"));
        Assert.Contains("The specified log stream does not exist.", await _aws.FailAsync("logs", "put-log-events", "--log-group-name", group, "--log-stream-name", "missing",
            "--log-events", Events((t, "x"))));
        Assert.Contains("must be in chronological order", await _aws.FailAsync("logs", "put-log-events", "--log-group-name", group, "--log-stream-name", "s",
            "--log-events", Events((t + 5, "late"), (t, "early"))));
        Assert.Contains("InvalidParameterException", await _aws.FailAsync("logs", "put-retention-policy", "--log-group-name", group, "--retention-in-days", "4"));
        Assert.Contains("InvalidParameterException", await _aws.FailAsync("logs", "create-log-group", "--log-group-name", "bad name with spaces"));
        Assert.Contains("Invalid filter pattern", await _aws.FailAsync("logs", "filter-log-events", "--log-group-name", group, "--filter-pattern", "{ $.level = }"));

        // Nothing a refused call carried was stored; the event put before is still the only one.
        var events = await _aws.JsonAsync("logs", "filter-log-events", "--log-group-name", group);
        Assert.Equal(["kept"], events.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task PutLogEvents_TooOldAndTooNew_RejectedByIndexAndTheRestKept()
    {
        AwsCli.RequireInstalled();
        var t = Now;
        var group = await GroupWithStreamAsync("s");
        var fourteenDaysAgo = t - (14L * 86_400_000);

        // A batch may not span more than 24 hours, so the too-old and too-new cases are two batches.
        var old = await _aws.JsonAsync("logs", "put-log-events", "--log-group-name", group, "--log-stream-name", "s",
            "--log-events", Events((fourteenDaysAgo - 3_600_000, "too old"), (fourteenDaysAgo + 3_600_000, "old but in range")));
        var future = await _aws.JsonAsync("logs", "put-log-events", "--log-group-name", group, "--log-stream-name", "s",
            "--log-events", Events((t, "now"), (t + (3L * 3_600_000), "too new")));
        var events = await _aws.JsonAsync("logs", "filter-log-events", "--log-group-name", group);

        Assert.Equal(1, old.GetProperty("rejectedLogEventsInfo").GetProperty("tooOldLogEventEndIndex").GetInt32());
        Assert.Equal(1, future.GetProperty("rejectedLogEventsInfo").GetProperty("tooNewLogEventStartIndex").GetInt32());
        Assert.Equal(["old but in range", "now"], events.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task DeleteLogGroup_RemovesItsStreamsAndEvents()
    {
        AwsCli.RequireInstalled();
        var group = await GroupWithStreamAsync("s", (Now, "x"));

        await _aws.JsonAsync("logs", "delete-log-group", "--log-group-name", group);

        Assert.Empty((await _aws.JsonAsync("logs", "describe-log-groups", "--log-group-name-prefix", group)).GetProperty("logGroups").EnumerateArray());
        Assert.Contains("ResourceNotFoundException", await _aws.FailAsync("logs", "describe-log-streams", "--log-group-name", group));
    }

    [Fact]
    public async Task Tail_AwsCliV2_PrintsTheGroupsEvents()
    {
        var aws = AwsCli.Supporting(cloud.Endpoint, "logs", "tail");
        var group = await GroupWithStreamAsync("s", (Now - 1000, "tail line one"), (Now, "tail line two"));

        var output = await aws.TextAsync("logs", "tail", group, "--since", "1h", "--format", "short");

        Assert.Contains("tail line one", output, StringComparison.Ordinal);
        Assert.True(output.IndexOf("tail line one", StringComparison.Ordinal) < output.IndexOf("tail line two", StringComparison.Ordinal), output);
    }
}
