using System.Text.Json;
using Sluice.Shared.Aws;
using Sluice.Shared.Executions;

namespace Sluice.Cli.Tests.Watch;

/// <summary>
/// Lanes from histories as AWS records them: the event ids, previousEventIds, types and names of
/// two executions recorded against AWS Step Functions (the nested Map and Map retry scenarios of
/// the recordings in tests/Asl.Tests/TestData/recordings/scenarios).
/// </summary>
public sealed class HistoryLanesTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    // test_map_state_nested: MapL1 over two items, each running MapL2 over three.
    private static readonly (long Id, long Previous, string Type, string? Name, int? Index)[] s_nestedMaps =
    [
        (1, 0, "ExecutionStarted", null, null), (2, 0, "MapStateEntered", "MapL1", null), (3, 2, "MapStateStarted", null, null),
        (4, 3, "MapIterationStarted", "MapL1", 0), (5, 4, "MapStateEntered", "MapL2", null), (6, 5, "MapStateStarted", null, null),
        (7, 6, "MapIterationStarted", "MapL2", 0), (8, 7, "PassStateEntered", "MapL2Pass", null), (9, 8, "PassStateExited", "MapL2Pass", null),
        (10, 9, "MapIterationSucceeded", "MapL2", 0), (11, 9, "MapIterationStarted", "MapL2", 1), (12, 11, "PassStateEntered", "MapL2Pass", null),
        (13, 12, "PassStateExited", "MapL2Pass", null), (14, 13, "MapIterationSucceeded", "MapL2", 1), (15, 13, "MapIterationStarted", "MapL2", 2),
        (16, 15, "PassStateEntered", "MapL2Pass", null), (17, 16, "PassStateExited", "MapL2Pass", null), (18, 17, "MapIterationSucceeded", "MapL2", 2),
        (19, 18, "MapStateSucceeded", null, null), (20, 18, "MapStateExited", "MapL2", null), (21, 20, "MapIterationSucceeded", "MapL1", 0),
        (22, 20, "MapIterationStarted", "MapL1", 1), (23, 22, "MapStateEntered", "MapL2", null), (24, 23, "MapStateStarted", null, null),
        (25, 24, "MapIterationStarted", "MapL2", 0), (26, 25, "PassStateEntered", "MapL2Pass", null), (27, 26, "PassStateExited", "MapL2Pass", null),
        (28, 27, "MapIterationSucceeded", "MapL2", 0), (29, 27, "MapIterationStarted", "MapL2", 1), (30, 29, "PassStateEntered", "MapL2Pass", null),
        (31, 30, "PassStateExited", "MapL2Pass", null), (32, 31, "MapIterationSucceeded", "MapL2", 1), (33, 31, "MapIterationStarted", "MapL2", 2),
        (34, 33, "PassStateEntered", "MapL2Pass", null), (35, 34, "PassStateExited", "MapL2Pass", null), (36, 35, "MapIterationSucceeded", "MapL2", 2),
        (37, 36, "MapStateSucceeded", null, null), (38, 36, "MapStateExited", "MapL2", null), (39, 38, "MapIterationSucceeded", "MapL1", 1),
        (40, 39, "MapStateSucceeded", null, null), (41, 39, "MapStateExited", "MapL1", null), (42, 41, "ExecutionSucceeded", null, null),
    ];

    // test_map_state_retry: the Map's only iteration fails three times; the Map is retried twice, then fails the execution.
    private static readonly (long Id, long Previous, string Type, string? Name, int? Index)[] s_retriedMap =
    [
        (1, 0, "ExecutionStarted", null, null), (2, 0, "PassStateEntered", "StartState", null), (3, 2, "PassStateExited", "StartState", null),
        (4, 3, "MapStateEntered", "MapState", null), (5, 4, "MapStateStarted", null, null), (6, 5, "MapIterationStarted", "MapState", 0),
        (7, 6, "FailStateEntered", "HandleItemFail", null), (8, 7, "MapIterationFailed", "MapState", 0), (9, 7, "MapStateStarted", null, null),
        (10, 9, "MapIterationStarted", "MapState", 0), (11, 10, "FailStateEntered", "HandleItemFail", null), (12, 11, "MapIterationFailed", "MapState", 0),
        (13, 11, "MapStateStarted", null, null), (14, 13, "MapIterationStarted", "MapState", 0), (15, 14, "FailStateEntered", "HandleItemFail", null),
        (16, 15, "MapIterationFailed", "MapState", 0), (17, 15, "MapStateFailed", null, null), (18, 17, "ExecutionFailed", null, null),
    ];

    [Fact]
    public void Assign_NestedMaps_EachInnerIterationUnderItsOuterIteration()
    {
        var steps = ExecutionSteps.Build(Events(s_nestedMaps), executionEnded: true);
        var lanes = HistoryLanes.Assign(Events(s_nestedMaps));

        Assert.Equal("[0]", steps.LanePath(lanes[5].Id));
        Assert.Equal("[0]/[2]", steps.LanePath(lanes[16].Id));
        Assert.Equal("[1]/[1]", steps.LanePath(lanes[30].Id));
        Assert.Equal("[0]", steps.LanePath(lanes[19].Id));
        Assert.Equal("[0]", steps.LanePath(lanes[20].Id));
        Assert.Equal(string.Empty, steps.LanePath(lanes[40].Id));
        Assert.Equal(string.Empty, steps.LanePath(lanes[41].Id));
        Assert.Equal(string.Empty, steps.LanePath(lanes[42].Id));
        Assert.Equal(
            ["MapL1", "MapL2", "MapL2Pass", "MapL2Pass", "MapL2Pass", "MapL2", "MapL2Pass", "MapL2Pass", "MapL2Pass"],
            steps.Steps.Select(s => s.State));
        Assert.All(steps.Steps, s => Assert.Equal("succeeded", s.Status));
        Assert.Equal(2 + 6, steps.Lanes.Count(l => l.Label.StartsWith('[')));
    }

    [Fact]
    public void Assign_RetriedMap_StartsAgainInItsOwnLaneAndFailsThere()
    {
        var events = Events(s_retriedMap);
        var lanes = HistoryLanes.Assign(events);
        var steps = ExecutionSteps.Build(events, executionEnded: true, ("HandleItemFailError", "HandleItemFailCause"));

        Assert.All(new long[] { 5, 9, 13, 17, 18 }, id => Assert.Equal(string.Empty, lanes[id].Id));
        Assert.All(new long[] { 6, 7, 10, 11, 14, 15 }, id => Assert.Equal("[0]", steps.LanePath(lanes[id].Id)));
        var map = Assert.Single(steps.Steps, s => s.State == "MapState");
        Assert.Equal(("failed", "HandleItemFailError"), (map.Status, map.Error));
        Assert.Equal(3, steps.Steps.Count(s => s is { State: "HandleItemFail", Status: "failed", Error: "HandleItemFailError", Cause: "HandleItemFailCause" }));
        Assert.Equal("HandleItemFail", steps.FailedStep("HandleItemFailError")?.State);
    }

    private static JsonElement Details(string name, int index)
    {
        using var document = JsonDocument.Parse($$"""{"name":"{{name}}","index":{{index}}}""");
        return document.RootElement.Clone();
    }

    private static List<HistoryEvent> Events(IEnumerable<(long Id, long Previous, string Type, string? Name, int? Index)> recorded) =>
        [.. recorded.Select(r => new HistoryEvent
        {
            Id = r.Id,
            PreviousEventId = r.Previous,
            Type = r.Type,
            Timestamp = s_t0.AddMilliseconds(r.Id),
            StateEnteredEventDetails = r.Type.EndsWith("StateEntered", StringComparison.Ordinal) ? new HistoryEventDetails { Name = r.Name } : null,
            StateExitedEventDetails = r.Type.EndsWith("StateExited", StringComparison.Ordinal) ? new HistoryEventDetails { Name = r.Name } : null,
            OtherDetails = r.Index is { } index
                ? new Dictionary<string, JsonElement> { [char.ToLowerInvariant(r.Type[0]) + r.Type[1..] + "EventDetails"] = Details(r.Name!, index) }
                : null,
        })];
}
