using System.Text;
using System.Text.Json.Nodes;

namespace Sluice.Asl.Tests.Conformance;

/// <summary>
/// Replays every recorded AWS execution. A runnable case must match unless known-failures.json
/// lists it with its reason; the report test writes the per-folder pass rates for docs/.
/// </summary>
public sealed class ConformanceTests
{
    private static readonly Lazy<IReadOnlyList<ConformanceCase>> s_cases = new(ConformanceCase.LoadAll);

    private static readonly Lazy<IReadOnlyDictionary<string, string>> s_knownFailures = new(() =>
        JsonNode.Parse(File.ReadAllText(TestData.Path("known-failures.json")))!.AsObject()
            .ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal));

    public static TheoryData<string> ExpectedToPass()
    {
        var data = new TheoryData<string>();
        foreach (var c in s_cases.Value)
        {
            if (!s_knownFailures.Value.ContainsKey(c.Id) && ConformanceRunner.Unsupported(c, c.Events()) is null)
            {
                data.Add(c.Id);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExpectedToPass))]
    public async Task Replay_RecordedExecution_MatchesAws(string id)
    {
        var c = s_cases.Value.Single(x => x.Id == id);
        var difference = await ConformanceRunner.RunAsync(c, c.Events(), TestContext.Current.CancellationToken);
        Assert.True(difference is null, $"{id} ({c.Template}, mapping {c.Mapping}): {difference}");
    }

    private static string Rate(IEnumerable<(string Folder, string Outcome)> rows)
    {
        var run = rows.Count(r => r.Outcome != "unsupported");
        return run == 0 ? "-" : $"{100.0 * rows.Count(r => r.Outcome == "pass") / run:0.0}%";
    }

    [Fact]
    public async Task Report_AllRecordedCases_KnownFailuresAreStillAccurate()
    {
        var rows = new List<(ConformanceCase Case, string Outcome, string? Detail)>();
        foreach (var c in s_cases.Value)
        {
            var events = c.Events();
            if (ConformanceRunner.Unsupported(c, events) is { } reason)
            {
                rows.Add((c, "unsupported", reason));
                continue;
            }

            var difference = await ConformanceRunner.RunAsync(c, events, TestContext.Current.CancellationToken);
            rows.Add((c, difference is null ? "pass" : "fail", difference));
        }

        var choices = new List<(ChoiceOperatorCases.Case Case, string Outcome, string? Detail)>();
        foreach (var c in ChoiceOperatorCases.LoadAll())
        {
            if (ChoiceOperatorCases.Unreplayable(c) is { } reason)
            {
                choices.Add((c, "unsupported", reason));
                continue;
            }

            var difference = await ChoiceOperatorCases.RunAsync(c);
            choices.Add((c, difference is null ? "pass" : "fail", difference));
        }

        var report = new StringBuilder();
        report.AppendLine("| folder | recorded executions | pass | fail | out of scope | pass rate of those run |");
        report.AppendLine("|---|---:|---:|---:|---:|---:|");
        var table = rows.Select(r => (r.Case.Folder, r.Outcome)).Concat(choices.Select(r => ("choice_operators", r.Outcome)));
        foreach (var group in table.GroupBy(r => r.Item1).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            report.AppendLine($"| {group.Key} | {group.Count()} | {group.Count(r => r.Outcome == "pass")} | {group.Count(r => r.Outcome == "fail")} | {group.Count(r => r.Outcome == "unsupported")} | {Rate(group)} |");
        }

        report.AppendLine($"| **total** | {table.Count()} | {table.Count(r => r.Outcome == "pass")} | {table.Count(r => r.Outcome == "fail")} | {table.Count(r => r.Outcome == "unsupported")} | {Rate(table)} |");

        foreach (var language in new[] { "JSONPath", "JSONata" })
        {
            var subset = rows.Where(r => (ConformanceRunner.UsesJsonata(r.Case) ? "JSONata" : "JSONPath") == language).Select(r => (r.Case.Folder, r.Outcome))
                .Concat(language == "JSONPath" ? choices.Select(r => ("choice_operators", r.Outcome)) : []).ToList();
            report.AppendLine($"| *{language}* | {subset.Count} | {subset.Count(r => r.Outcome == "pass")} | {subset.Count(r => r.Outcome == "fail")} | {subset.Count(r => r.Outcome == "unsupported")} | {Rate(subset)} |");
        }

        report.AppendLine().AppendLine("## Failures").AppendLine();
        foreach (var (c, _, detail) in rows.Where(r => r.Outcome == "fail"))
        {
            var known = s_knownFailures.Value.TryGetValue(c.Id, out var reason) ? reason : "UNEXPECTED";
            report.AppendLine($"- `{c.Id}` ({known}): {detail?.Replace("\n", " ", StringComparison.Ordinal)}");
        }

        foreach (var (c, _, detail) in choices.Where(r => r.Outcome == "fail"))
        {
            report.AppendLine($"- `{c.Id}` (UNEXPECTED): {detail}");
        }

        report.AppendLine().AppendLine("## Out of scope").AppendLine();
        foreach (var group in rows.Where(r => r.Outcome == "unsupported").GroupBy(r => r.Detail).OrderByDescending(g => g.Count()))
        {
            report.AppendLine($"- {group.Key}: {group.Count()}");
        }

        foreach (var group in choices.Where(r => r.Outcome == "unsupported").GroupBy(r => r.Detail))
        {
            report.AppendLine($"- {group.Key}: {group.Count()} (choice_operators)");
        }

        report.AppendLine().AppendLine("## Out of scope, case by case").AppendLine();
        foreach (var (c, _, detail) in rows.Where(r => r.Outcome == "unsupported"))
        {
            report.AppendLine($"- `{c.Id}`: {detail}");
        }

        var path = Path.Combine(AppContext.BaseDirectory, "conformance-report.md");
        await File.WriteAllTextAsync(path, report.ToString(), TestContext.Current.CancellationToken);

        var unexpected = rows.Where(r => r.Outcome == "fail" && !s_knownFailures.Value.ContainsKey(r.Case.Id)).Select(r => r.Case.Id)
            .Concat(choices.Where(r => r.Outcome == "fail").Select(r => r.Case.Id)).ToList();
        var fixedNow = rows.Where(r => r.Outcome == "pass" && s_knownFailures.Value.ContainsKey(r.Case.Id)).Select(r => r.Case.Id).ToList();
        Assert.True(unexpected.Count == 0, $"Unexpected failures (see {path}): {string.Join(", ", unexpected)}");
        Assert.True(fixedNow.Count == 0, $"Now passing, remove from known-failures.json: {string.Join(", ", fixedNow)}");
    }
}
