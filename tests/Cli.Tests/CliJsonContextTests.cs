using System.Text.Json;
using Sluice.Cli.History;
using Sluice.Cli.Put;
using Sluice.Cli.Watch;
using Sluice.Shared.Executions;

namespace Sluice.Cli.Tests;

/// <summary>Every --json type round-trips through the source-generated context with its wire names.</summary>
public sealed class CliJsonContextTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static string RoundTrip<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        var json = JsonSerializer.Serialize(value, type);
        var again = JsonSerializer.Serialize(JsonSerializer.Deserialize(json, type)!, type);
        Assert.Equal(json, again);
        return json;
    }

    [Fact]
    public void PutSummary_RoundTrips()
    {
        var json = RoundTrip(new PutSummary
        {
            Stream = "s",
            Seed = 4,
            Records = 3,
            Put = 2,
            ByKind = new() { ["valid"] = 2 },
            Batches = 1,
            Calls = 2,
            Retries = 1,
            Throttled = 1,
            NotPut = [new UnputRecord("e", "o", "InternalFailure", "boom")],
            DurationSeconds = 2,
        }, CliJsonContext.Default.PutSummary);

        Assert.Contains("\"notPut\": [", json, StringComparison.Ordinal);
        Assert.Contains("\"recordsPerSecond\": 1", json, StringComparison.Ordinal);
        Assert.Contains("\"failed\": 1", json, StringComparison.Ordinal);
    }

    [Fact]
    public void HistoryReport_RoundTrips()
    {
        using var data = JsonDocument.Parse("""{"orderId":"o"}""");
        var json = RoundTrip(new HistoryReport
        {
            OrderId = "o",
            Stream = "s",
            Status = "rejected",
            Reason = new RejectionReason("OutOfStock", "c"),
            Shards = ["shardId-000000000000"],
            Events = [new HistoryEntry("e", "order.placed", "src", s_t0, "shardId-000000000000", "1", data.RootElement.Clone())],
            Unreadable = [new UnreadableRecord("shardId-000000000000", "2", "bad")],
        }, CliJsonContext.Default.HistoryReport);

        Assert.Contains("\"reason\": {", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"authorizationId\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void WatchSnapshot_RoundTrips() =>
        RoundTrip(new WatchSnapshot
        {
            StateMachineArn = "arn",
            TakenAt = s_t0,
            Total = 1,
            ByStatus = new() { ["FAILED"] = 1 },
            ByOutcome = new() { ["failed"] = 1 },
            Recent =
            [
                new ExecutionSummary("n", "arn:e", "FAILED", s_t0, s_t0.AddSeconds(1), 1)
                {
                    OrderId = "ord-1", Outcome = "failed", FailedState = "Reject", CatchingState = "Catcher", Error = "E", Cause = "C",
                },
            ],
        }, CliJsonContext.Default.WatchSnapshot);

    [Fact]
    public void ExecutionTrace_RoundTrips() =>
        RoundTrip(new ExecutionTrace
        {
            ExecutionArn = "arn:e",
            Name = "e",
            OrderId = "ord-1",
            Status = "SUCCEEDED",
            Outcome = "rejected",
            StartDate = s_t0,
            StopDate = s_t0,
            DurationSeconds = 0.5,
            Error = "OutOfStock",
            Cause = "c",
            FailedState = "ReserveStock",
            CatchingState = "ReserveAndAuthorize",
            Lanes = [Lane.Main, Lane.Main.Child("ReserveLines@5", "ReserveLines")],
            Steps =
            [
                new TraceStep
                {
                    EnteredEventId = 2, Lane = "", State = "Validate", Type = "Task", Start = s_t0, End = s_t0.AddSeconds(1), Status = "caught", Attempts = 2,
                    Error = "E", Cause = "C",
                },
            ],
            Events = [new TraceEvent(1, "ExecutionStarted", s_t0, 0, null, null, null) { Lane = "/ReserveLines@5" }],
        }, CliJsonContext.Default.ExecutionTrace);
}
