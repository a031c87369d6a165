using System.Globalization;
using Sluice.Shared.Executions;

namespace Sluice.Cli.Watch;

/// <summary>The text of both watch views, fitted to a width (null: nothing is cut).</summary>
internal static class WatchView
{
    /// <summary>Lines above the table of a snapshot, and the table's header and footer: what the terminal's height must leave room for.</summary>
    public const int SnapshotChrome = 7;

    private static readonly FittedTable.Column[] s_listColumns =
    [
        new("order", Priority: 0, MinWidth: 8, MaxWidth: 24),
        new("execution", Priority: 2, MinWidth: 9, MaxWidth: 9),
        new("outcome", Priority: 1, MinWidth: 9, MaxWidth: 28),
        new("state", Priority: 4, MinWidth: 8, MaxWidth: 20),
        new("took", Priority: 3, MinWidth: 7),
        new("started", Priority: 5, MinWidth: 8, Optional: true),
        new("error", Priority: 6, MinWidth: 16, Flexible: true),
    ];

    private static readonly FittedTable.Column[] s_stepColumns =
    [
        new("at", Priority: 1, MinWidth: 8),
        new("state", Priority: 0, MinWidth: 12, MaxWidth: 40),
        new("type", Priority: 3, MinWidth: 4),
        new("took", Priority: 2, MinWidth: 7),
        new("result", Priority: 0, MinWidth: 9, Flexible: true),
    ];

    public static IReadOnlyList<string> Snapshot(WatchSnapshot s, int? width)
    {
        var counts = string.Join(", ", s.ByStatus.Select(k => $"{k.Key} {k.Value}"));
        var lines = new List<string>
        {
            // On a terminal the name is what matters; the ARN is in --json.
            FittedTable.Fit($"state machine: {(width is null ? s.StateMachineArn : s.StateMachineArn[(s.StateMachineArn.LastIndexOf(':') + 1)..])}", width),
            FittedTable.Fit(string.Create(CultureInfo.InvariantCulture, $"executions:    {s.Total}{(s.Truncated ? "+" : string.Empty)}") + (counts.Length > 0 ? $" ({counts})" : string.Empty), width),
            FittedTable.Fit(string.Create(CultureInfo.InvariantCulture, $"last minute:   {s.StartedLastMinute} started, {s.CompletedLastMinute} completed ({s.Throughput:F2}/s)"), width),
        };
        if (s.Recent.Count == 0)
        {
            return lines;
        }

        lines.Add(string.Empty);
        lines.AddRange(FittedTable.Lines(s_listColumns, [.. s.Recent.Select(Row)], width));
        return lines;
    }

    public static IReadOnlyList<string> Trace(ExecutionTrace t, ExecutionSteps steps, int? width)
    {
        var lines = new List<string>
        {
            FittedTable.Fit($"execution: {t.Name}", width),
            FittedTable.Fit($"arn:       {t.ExecutionArn}", width),
        };
        if (t.OrderId is { } order)
        {
            lines.Add(FittedTable.Fit($"order:     {order} (sluice history {order})", width));
        }

        lines.Add(FittedTable.Fit($"status:    {Status(t)}", width));
        lines.Add(string.Empty);
        var rows = new List<IReadOnlyList<string>>();
        var start = t.StartDate;
        void Add(string laneId, int depth)
        {
            var lane = steps.Lanes.First(l => l.Id == laneId);
            var own = steps.Steps.Where(s => s.Lane == laneId).ToList();
            var children = steps.Lanes.Where(l => l.ParentId == laneId).ToList();
            foreach (var step in own)
            {
                var prefix = string.Concat(Enumerable.Repeat("| ", Math.Max(0, depth - 1))) + (depth > 0 ? (lane.Label.StartsWith('[') ? lane.Label + " " : "| ") : string.Empty);
                rows.Add([Elapsed(step.Start - start), prefix + step.State, step.Type, Seconds(((step.End ?? t.StopDate ?? step.Start) - step.Start).TotalSeconds), Result(step)]);
                var next = own.FirstOrDefault(s => s.EnteredEventId > step.EnteredEventId)?.EnteredEventId ?? long.MaxValue;
                foreach (var child in children.Where(c => steps.LaneStarts[c.Id] > step.EnteredEventId && steps.LaneStarts[c.Id] < next))
                {
                    Add(child.Id, depth + 1);
                }
            }
        }

        Add(Lane.Main.Id, 0);
        lines.AddRange(FittedTable.Lines(s_stepColumns, rows, width));
        return lines;
    }

    /// <summary>One event per line, with its lane and state (<c>--events</c>).</summary>
    public static string EventLine(TraceEvent e, ExecutionSteps steps, int? width)
    {
        var line = $"  {string.Create(CultureInfo.InvariantCulture, $"+{e.ElapsedSeconds:F3}s"),10}  {e.Type}";
        if (steps.LanePath(e.Lane) is { Length: > 0 } lane)
        {
            line += $"  [{lane}]";
        }

        if (e.State is not null)
        {
            line += "  " + e.State;
        }

        if (e.Error is not null || e.Cause is not null)
        {
            line += $"  {e.Error}: {ErrorText.Readable(e.Cause)}";
        }

        return FittedTable.Fit(line, width);
    }

    public static string Outcome(string status, string? outcome, string? error) => outcome switch
    {
        "confirmed" => "confirmed",
        "rejected" => $"rejected: {error}",
        "failed" => $"FAILED: {error}",
        "timed out" => "TIMED_OUT",
        "aborted" => "ABORTED",
        _ => status,
    };

    public static string Seconds(double seconds) => seconds switch
    {
        < 0 => "0.000s",
        < 10 => string.Create(CultureInfo.InvariantCulture, $"{seconds:F3}s"),
        < 60 => string.Create(CultureInfo.InvariantCulture, $"{seconds:F1}s"),
        < 3600 => string.Create(CultureInfo.InvariantCulture, $"{(int)(seconds / 60)}m{(int)(seconds % 60):D2}s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)(seconds / 3600)}h{(int)(seconds % 3600 / 60):D2}m"),
    };

    private static string Status(ExecutionTrace t)
    {
        var took = Seconds(t.DurationSeconds);
        var outcome = t.Outcome is null ? t.Status : $"{t.Status}, {Outcome(t.Status, t.Outcome, t.Error)}";
        var why = t.Cause is { } cause ? $" ({cause})" : string.Empty;
        return t.Outcome is null ? $"{outcome} for {took}" : $"{outcome}{why} after {took}";
    }

    private static IReadOnlyList<string> Row(ExecutionSummary e) =>
    [
        e.OrderId ?? "-",
        e.Name,
        Outcome(e.Status, e.Outcome, e.Error),
        e.FailedState ?? string.Empty,
        Seconds(e.DurationSeconds),
        e.StartDate.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
        e.Cause ?? string.Empty,
    ];

    private static string Result(TraceStep step)
    {
        var retries = step.Attempts > 1 ? string.Create(CultureInfo.InvariantCulture, $" after {step.Attempts} attempts") : string.Empty;
        return step.Error is null ? step.Status + retries : $"{step.Status}{retries}: {step.Error}{(step.Cause is { } c ? ": " + c : string.Empty)}";
    }

    private static string Elapsed(TimeSpan since) => string.Create(CultureInfo.InvariantCulture, $"+{Math.Max(0, since.TotalSeconds):F3}s");
}
