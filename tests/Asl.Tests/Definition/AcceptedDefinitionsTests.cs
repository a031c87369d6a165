using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sluice.Asl.Definition;
using Sluice.Asl.Tests.Conformance;

namespace Sluice.Asl.Tests.Definition;

/// <summary>
/// Every definition AWS is recorded accepting (each template a recorded execution ran, and each
/// definition a recorded DescribeStateMachine returned) passes the definition checks with no error,
/// but at the placeholders the recorded test modules fill in code (_tbd_, %..._PLACEHOLDER%) or the
/// recorder normalised ("date", "timestamp").
/// </summary>
public sealed partial class AcceptedDefinitionsTests
{
    public static TheoryData<string> RecordedCases()
    {
        var data = new TheoryData<string>();
        foreach (var id in ConformanceCase.LoadAll().Where(c => c.Template is not null).Select(c => c.Id).Distinct())
        {
            data.Add(id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RecordedCases))]
    public void Validate_TemplateOfARecordedExecution_HasNoErrorBeyondHarnessPlaceholders(string id)
    {
        var c = ConformanceCase.LoadAll().Single(x => x.Id == id);
        var definition = ConformanceRunner.Definition(c, c.Events());
        var express = c.Recording.Contains("express", StringComparison.Ordinal);
        var errors = DefinitionParser.Validate(definition, express)
            .Where(d => d.IsError && !AtPlaceholder(definition, d.Location) && !s_completedInCode.Contains((Path.GetFileName(c.Template!), d.Location)))
            .ToList();
        Assert.True(errors.Count == 0, $"{c.Template}: {string.Join("; ", errors)}");
    }

    [Fact]
    public void Validate_DefinitionsAwsDescribed_HaveNoError()
    {
        var checkedCount = 0;
        var failures = new List<string>();
        foreach (var file in Directory.EnumerateFiles(TestData.Path("recordings"), "*.snapshot.json", SearchOption.AllDirectories))
        {
            foreach (var definition in DescribedDefinitions(JsonNode.Parse(File.ReadAllText(file))))
            {
                checkedCount++;
                var errors = DefinitionParser.Validate(definition).Where(d => d.IsError).ToList();
                if (errors.Count > 0 && !errors.All(e => AtPlaceholder(definition, e.Location)))
                {
                    failures.Add($"{Path.GetFileName(file)}: {string.Join("; ", errors)} in {definition}");
                }
            }
        }

        Assert.True(checkedCount > 20, $"only {checkedCount} described definitions found");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Fields the recorded test modules fill in code before creating the state machine (template, location).</summary>
    private static readonly HashSet<(string Template, string? Location)> s_completedInCode =
    [
        ("task_service_lambda_invoke_catch_tbd.json5", "/States/InvokeLambda/Catch[0]/ErrorEquals"),
    ];

    /// <summary>True when the field at <paramref name="location"/> holds a test-harness placeholder or a value the recorder normalised.</summary>
    private static bool AtPlaceholder(string definition, string? location)
    {
        JsonNode? node = JsonNode.Parse(definition);
        foreach (var segment in (location ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var match = Segment().Match(segment);
            node = node?[match.Groups[1].Value];
            if (match.Groups[2].Success)
            {
                node = node is JsonArray a && int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) is var i && i < a.Count ? a[i] : null;
            }
        }

        var text = node?.ToJsonString() ?? string.Empty;
        return HarnessPlaceholder().IsMatch(text) || text is "\"date\"" or "\"timestamp\"";
    }

    /// <summary>The definitions of recorded DescribeStateMachine responses (they carry stateMachineArn and roleArn).</summary>
    private static IEnumerable<string> DescribedDefinitions(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o.ContainsKey("stateMachineArn") && o.ContainsKey("roleArn") && o["definition"] is { } definition)
                {
                    var text = definition is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : definition.ToJsonString(JsonValues.Relaxed);
                    yield return Concrete(text);
                }

                foreach (var (_, value) in o)
                {
                    foreach (var d in DescribedDefinitions(value))
                    {
                        yield return d;
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    foreach (var d in DescribedDefinitions(item))
                    {
                        yield return d;
                    }
                }

                break;
        }
    }

    /// <summary>Undoes the recorder's normalisation of ARNs: &lt;partition&gt;, &lt;region&gt; and named placeholders.</summary>
    private static string Concrete(string text) =>
        Placeholder().Replace(text.Replace("<partition>", "aws", StringComparison.Ordinal).Replace("<region>", "us-east-1", StringComparison.Ordinal), m => Regex.Replace(m.Groups[1].Value, "[^A-Za-z0-9_-]", "_"));

    [GeneratedRegex("<([^<>\"]+)>")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^(.*?)(?:\[(\d+)\])?$")]
    private static partial Regex Segment();

    /// <summary>Values the recorded test modules replace in code before creating the state machine.</summary>
    [GeneratedRegex("_tbd_|__TBD__|%[A-Z_]+%|your-account-id|test_aws_account_id", RegexOptions.IgnoreCase)]
    private static partial Regex HarnessPlaceholder();
}
