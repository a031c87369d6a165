using System.Text.RegularExpressions;
using Sluice.LocalCloud.Tests.Lambda;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Logs;

/// <summary>A function's output lands in CloudWatch Logs as Lambda writes it: its group, one stream per environment, START/END/REPORT.</summary>
public sealed partial class LambdaLogsTests(LambdaRig rig) : IClassFixture<LambdaRig>
{
    [Fact]
    public async Task Invoke_FunctionWritesALine_LineAndPlatformLinesInItsLogGroup()
    {
        AwsCli.RequireInstalled();
        var function = await rig.CreateFlakyAsync();
        var (outcome, record) = await rig.InvokeAsync(function, "logged-" + function.Definition.FunctionName);
        Assert.Null(outcome.ErrorType);
        var line = $"FLAKY direct logged-{function.Definition.FunctionName}";
        // The function's stdout is read as it comes; the function's own log shows when the line has been taken in
        // (and shipped to CloudWatch Logs before it is shown there).
        await Poll.UntilAsync(() => function.Log.Read().Any(l => l.Text == line), () => string.Join(" | ", function.Log.Read().Select(l => l.Text)));
        var aws = new AwsCli(rig.Endpoint);
        var group = function.Definition.LogGroupName;

        var streams = (await aws.JsonAsync("logs", "describe-log-streams", "--log-group-name", group)).GetProperty("logStreams");
        var events = (await aws.JsonAsync("logs", "filter-log-events", "--log-group-name", group)).GetProperty("events")
            .EnumerateArray().Select(e => e.GetProperty("message").GetString()!).ToList();

        var stream = Assert.Single(streams.EnumerateArray()).GetProperty("logStreamName").GetString()!;
        Assert.Matches(StreamName(), stream);
        Assert.Contains($"START RequestId: {record.RequestId} Version: $LATEST", events);
        Assert.Contains(line, events);
        Assert.Contains($"END RequestId: {record.RequestId}", events);
        Assert.Contains(events, e => e.StartsWith($"REPORT RequestId: {record.RequestId}\tDuration: ", StringComparison.Ordinal) && e.Contains("Init Duration", StringComparison.Ordinal));
        Assert.True(events.IndexOf($"START RequestId: {record.RequestId} Version: $LATEST") < events.IndexOf($"END RequestId: {record.RequestId}"));
    }

    [GeneratedRegex(@"^\d{4}/\d{2}/\d{2}/\[\$LATEST\][0-9a-f]{32}$")]
    private static partial Regex StreamName();
}
