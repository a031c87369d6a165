using System.Text.Json;
using Sluice.Shared.Aws;

namespace Sluice.Shared.Executions;

/// <summary>
/// Which lane each history event belongs to, from the <c>previousEventId</c> chain Step Functions
/// records: an event continues the lane of the event before it; an event right after
/// <c>ParallelStateStarted</c> opens a branch; <c>MapIteration*</c> events carry their iteration's
/// index; and a Map's or Parallel's own closing events (Succeeded, Failed, Aborted, Exited) go back
/// to the lane of the state that opened it, found by walking the chain up to its
/// <c>...StateStarted</c> while skipping containers nested on the way (a retried container starts
/// again from inside its failed iteration, so that start goes back to the first one's lane too).
/// </summary>
public static class HistoryLanes
{
    public static Dictionary<long, Lane> Assign(IReadOnlyList<HistoryEvent> events)
    {
        var byId = new Dictionary<long, HistoryEvent>();
        foreach (var e in events)
        {
            byId[e.Id] = e;
        }

        var lanes = new Dictionary<long, Lane>();
        foreach (var e in events.OrderBy(e => e.Id))
        {
            lanes[e.Id] = LaneOf(e, byId, lanes);
        }

        return lanes;
    }

    private static Lane LaneOf(HistoryEvent e, Dictionary<long, HistoryEvent> byId, Dictionary<long, Lane> lanes)
    {
        var previous = e.PreviousEventId is { } p && byId.TryGetValue(p, out var before) ? before : null;
        if (e.Type.StartsWith("MapIteration", StringComparison.Ordinal))
        {
            var container = Container(e, "Map", byId);
            var parent = container is not null && lanes.TryGetValue(container.Id, out var l) ? l : Lane.Main;
            var (name, index) = Iteration(e);
            return parent.Child($"{name}[{index}]", $"[{index}]");
        }

        foreach (var kind in (string[])["Map", "Parallel"])
        {
            // A retried Map or Parallel starts again without being entered again: it stays in its first start's lane.
            if (e.Type == kind + "StateStarted" && previous?.Type != kind + "StateEntered" && Container(e, kind, byId) is { } first
                && lanes.TryGetValue(first.Id, out var again))
            {
                return again;
            }

            if (IsClosing(e.Type, kind))
            {
                var container = Container(e, kind, byId);
                if (container is not null && lanes.TryGetValue(container.Id, out var opened))
                {
                    return opened;
                }
            }
        }

        if (previous is null || !lanes.TryGetValue(previous.Id, out var lane))
        {
            return Lane.Main;
        }

        if (previous.Type == "ParallelStateStarted")
        {
            // A branch is labelled by its first state; the event id keeps two like-named branches apart.
            var first = e.StateEnteredEventDetails?.Name ?? "branch";
            return lane.Child($"{first}@{e.Id}", first);
        }

        return lane;
    }

    private static bool IsClosing(string type, string kind) =>
        type == kind + "StateSucceeded" || type == kind + "StateFailed" || type == kind + "StateAborted" || type == kind + "StateExited";

    /// <summary>The container's <c>...StateStarted</c>: up the chain, skipping whole containers of the same kind nested on the way.</summary>
    private static HistoryEvent? Container(HistoryEvent e, string kind, Dictionary<long, HistoryEvent> byId)
    {
        var depth = 0;
        var current = e.PreviousEventId is { } first && byId.TryGetValue(first, out var start) ? start : null;
        for (var steps = 0; current is not null && steps < byId.Count; steps++)
        {
            if (current.Type == kind + "StateExited")
            {
                depth++;
            }
            else if (current.Type == kind + "StateStarted")
            {
                if (depth == 0)
                {
                    return current;
                }

                depth--;
            }

            current = current.PreviousEventId is { } p && byId.TryGetValue(p, out var before) ? before : null;
        }

        return null;
    }

    private static (string Name, long Index) Iteration(HistoryEvent e)
    {
        if (e.OtherDetails is not null)
        {
            foreach (var (key, details) in e.OtherDetails)
            {
                if (key.StartsWith("mapIteration", StringComparison.Ordinal) && details.ValueKind == JsonValueKind.Object)
                {
                    var name = details.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "Map";
                    var index = details.TryGetProperty("index", out var i) && i.ValueKind == JsonValueKind.Number ? i.GetInt64() : -1;
                    return (name, index);
                }
            }
        }

        return ("Map", -1);
    }
}
