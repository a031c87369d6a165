using System.Globalization;
using System.Text.Json;
using Sluice.Shared.Domain;

namespace Sluice.Cli.Demo;

/// <summary>Turns what the observer saw into the summary and its check, and prints it.</summary>
internal static class DemoReport
{
    private const int MaxProblems = 20;

    public static DemoSummary Build(PipelineSeen seen, IReadOnlyList<PutOrder> orders, TrustProbes? probes, int put, RunningCloudView cloud, int? seed, TimeSpan duration)
    {
        // The counts are the generated orders'; the probes are checked on their own.
        var ids = orders.Select(o => o.OrderId).ToHashSet(StringComparer.Ordinal);
        var names = orders.Select(o => o.ExecutionName).ToHashSet(StringComparer.Ordinal);
        var rejected = orders.Select(o => seen.RejectionOf(o)).OfType<RejectedRecord>().Select(r => (r.PartitionKey, r.Reason)).ToList();
        var summary = Build(orders, [.. orders.Where(o => seen.RejectionOf(o) is null)], rejected,
            [.. seen.Executions.Where(e => names.Contains(e.Name))], [.. seen.Outcomes.Values.Where(o => ids.Contains(o.OrderId))], put, cloud, seed, duration);
        var results = probes?.Check(seen) ?? [];
        var failed = results.Where(r => !r.Passed).Select(r => $"{r.Probe}: want {r.Expected}; saw {r.Seen}");
        return summary with
        {
            UntrustedOutcomes = seen.Untrusted.Count,
            Probes = results,
            Problems = [.. failed, .. summary.Problems],
        };
    }

    /// <param name="outcomes">Outcome events already de-duplicated by event id.</param>
    public static DemoSummary Build(IReadOnlyList<PutOrder> orders, IReadOnlyList<PutOrder> valid, IReadOnlyList<(string PartitionKey, string Reason)> rejected,
        IReadOnlyList<Sluice.Shared.Aws.ExecutionListItem> executions, IReadOnlyList<OrderOutcome> outcomes, int put, RunningCloudView cloud, int? seed, TimeSpan duration)
    {
        var problems = new List<string>();
        var byName = executions.GroupBy(e => e.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var outcomesByOrder = outcomes.GroupBy(o => o.OrderId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var latencies = new List<double>();
        foreach (var order in valid)
        {
            var own = byName.GetValueOrDefault(order.ExecutionName) ?? [];
            var terminal = own.Where(e => e.Status != "RUNNING").ToList();
            if (own.Count != 1 || terminal.Count != 1)
            {
                problems.Add($"order {order.OrderId} (event {order.EventId}): {own.Count} executions, {terminal.Count} terminal (want exactly 1)");
            }
            var events = outcomesByOrder.GetValueOrDefault(order.OrderId);
            if (events != 1)
            {
                problems.Add($"order {order.OrderId}: {events} outcome events on the stream (want exactly 1)");
            }
            if (terminal.Count == 1 && terminal[0].StopDate is { } stop && order.Time is { } time)
            {
                latencies.Add((stop - time).TotalMilliseconds);
            }
        }
        if (put != orders.Count)
        {
            problems.Add($"{orders.Count - put} of {orders.Count} records were not put");
        }

        latencies.Sort();
        return new DemoSummary
        {
            Endpoint = cloud.Endpoint,
            Seed = seed,
            OrdersPut = put,
            PutByKind = Count(orders.Select(o => o.Kind)),
            OrdersByOutcome = Count(outcomes.Select(o => o.Label)),
            IngestRejected = rejected.Count,
            IngestRejectedReasons = Count(rejected.Select(r => Shorten(r.Reason))),
            ValidOrders = valid.Count,
            ExecutionsByStatus = Count(executions.Select(e => e.Status)),
            LatencyMs = latencies.Count == 0 ? null : new LatencySummary(latencies.Count,
                Round(Percentiles.Of(latencies, 50)), Round(Percentiles.Of(latencies, 95)), Round(Percentiles.Of(latencies, 99)), Round(latencies[^1])),
            ColdStarts = new SortedDictionary<string, int>(cloud.ColdStarts, StringComparer.Ordinal),
            Invocations = new SortedDictionary<string, int>(cloud.Invocations, StringComparer.Ordinal),
            DurationSeconds = Math.Round(duration.TotalSeconds, 1),
            Problems = problems.Count <= MaxProblems ? problems : [.. problems.Take(MaxProblems), $"... and {problems.Count - MaxProblems} more"],
        };
    }

    public static void Print(CommandContext context, DemoSummary s)
    {
        if (context.Json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(s, DemoJsonContext.Default.DemoSummary));
            return;
        }
        List<(string, string)> lines =
        [
            ("endpoint", s.Endpoint),
            ("orders put", $"{s.OrdersPut}" + (s.Seed is { } seed ? $" (--seed {seed.ToString(CultureInfo.InvariantCulture)}: {Join(s.PutByKind)})" : $" ({Join(s.PutByKind)})")),
            ("rejected at ingest", $"{s.IngestRejected} sluice.ingest.rejected records on the rejected queue" + (s.IngestRejected > 0 ? $" ({Join(s.IngestRejectedReasons)})" : "")),
            ("valid orders", s.ValidOrders.ToString(CultureInfo.InvariantCulture)),
            ("outcomes", Join(s.OrdersByOutcome) + $" (signed by the workflow; {s.UntrustedOutcomes.ToString(CultureInfo.InvariantCulture)} unsigned or forged left out)"),
            ("executions", Join(s.ExecutionsByStatus)),
            ("latency put->stop", s.LatencyMs is { } l
                ? string.Create(CultureInfo.InvariantCulture, $"p50 {l.P50:F0} ms, p95 {l.P95:F0} ms, p99 {l.P99:F0} ms, max {l.Max:F0} ms ({l.Count} executions)")
                : "none (no execution finished)"),
            .. s.Probes.Select(p => ("probe", $"{(p.Passed ? "ok" : "FAILED")}: {p.Brief}")),
            ("cold starts", Join(s.ColdStarts) + $" (invocations: {Join(s.Invocations)})"),
            ("duration", string.Create(CultureInfo.InvariantCulture, $"{s.DurationSeconds:F1} s")),
            ("check", s.Interrupted ? $"NOT DONE: {s.Problems[0]}"
                : s.CheckPassed ? $"OK: each of the {s.ValidOrders} valid orders reached exactly one terminal execution and one outcome event"
                    + (s.Probes.Count > 0 ? "; no outcome but the workflow's counted, no order lost to a shared id" : "")
                : $"FAILED: {s.Problems.Count} problems"),
        ];
        TextOutput.KeyValues(context, lines);
        foreach (var problem in s.Problems)
        {
            context.Out.WriteLine("  " + problem);
        }
    }

    private static string Join(SortedDictionary<string, int> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.Select(c => $"{c.Key} {c.Value.ToString(CultureInfo.InvariantCulture)}"));

    private static SortedDictionary<string, int> Count(IEnumerable<string> keys)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        return counts;
    }

    // Ingest's reasons carry the parser's position ("... LineNumber: 0 | BytePositionInLine: 41"); the kind of problem is what groups them.
    private static string Shorten(string reason)
    {
        var cut = reason.IndexOfAny([':', '.', '(']);
        return cut > 0 ? reason[..cut].Trim() : reason;
    }

    private static double Round(double value) => Math.Round(value, 1);
}
