using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Sluice.Asl.Tests.Conformance;

/// <summary>
/// The recorded Choice operator cases (v2/choice_operators): each test puts one operator into
/// templates/choiceoperators/template.json5 (%ComparisonOperatorType%), with the case's Value as the
/// literal operand or, for the *Path forms, read from "$.Value", and records which branch ran.
/// </summary>
internal static class ChoiceOperatorCases
{
    public sealed record Case(string Id, string Operator, JsonNode? Input, JsonNode? Expected);

    public static IReadOnlyList<Case> LoadAll()
    {
        var cases = new List<Case>();
        foreach (var file in Directory.GetFiles(TestData.Path("recordings/choice_operators"), "*.snapshot.json").Order(StringComparer.Ordinal))
        {
            var snapshot = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            foreach (var (test, body) in snapshot)
            {
                var name = test.Split("::")[^1];
                var op = Operator(name);
                var recorded = body!["recorded-content"]!["cases"]!.AsArray();
                for (var i = 0; i < recorded.Count; i++)
                {
                    cases.Add(new Case($"choice_operators/{name}#{i.ToString(CultureInfo.InvariantCulture)}", op, recorded[i]!["input"], recorded[i]!["output"]));
                }
            }
        }

        return cases;
    }

    /// <summary>test_numeric_greater_than_equals_path is NumericGreaterThanEqualsPath.</summary>
    private static string Operator(string testName)
    {
        var sb = new StringBuilder();
        foreach (var word in testName["test_".Length..].Split('_'))
        {
            sb.Append(char.ToUpperInvariant(word[0])).Append(word[1..]);
        }

        return sb.ToString();
    }

    /// <summary>Why a case cannot be replayed: the recorder replaced its timestamps with "date".</summary>
    public static string? Unreplayable(Case c) =>
        c.Input?["Variable"]?.ToString() is "date" or "timestamp" || c.Input?["Value"]?.ToString() is "date" or "timestamp"
            ? "recorder normalised the input timestamps to 'date'"
            : null;

    public static string Definition(Case c)
    {
        var template = Json5Reader.ToJson(File.ReadAllText(TestData.Path("templates/choiceoperators/statemachines/template.json5")))
            .Replace("%ComparisonOperatorType%", c.Operator, StringComparison.Ordinal);
        if (!c.Operator.EndsWith("Path", StringComparison.Ordinal))
        {
            template = template.Replace("\"$.Value\"", JsonValues.ToJson(c.Input?["Value"]), StringComparison.Ordinal);
        }

        return template;
    }

    public static async Task<string?> RunAsync(Case c)
    {
        var result = await new AslTestHost().RunAsync(Definition(c), JsonValues.ToJson(c.Input));
        if (result.Status != "SUCCEEDED")
        {
            return $"{c.Operator} on {JsonValues.ToJson(c.Input)}: {result.Status} {result.Error} {result.Cause}";
        }

        return HistoryComparer.Value(c.Expected, result.Output, "output") is { } difference ? $"{c.Operator} on {JsonValues.ToJson(c.Input)}: {difference}" : null;
    }
}
