using System.Text.Json.Nodes;

namespace Sluice.Asl.Tests.Conformance;

/// <summary>One recorded execution: the snapshot it comes from, and the template it ran (from cases.json).</summary>
internal sealed record ConformanceCase(string Recording, string Test, string Key, string? Template, string Mapping, IReadOnlyDictionary<string, string> Edits, int Occurrence = 1)
{
    /// <summary>The v2 folder, e.g. "base" or "scenarios"; API-level snapshot files report as "api".</summary>
    public string Folder => Recording.Split('/') is { Length: > 2 } parts ? parts[1] : "api";

    /// <summary>A readable, unique id: folder/test_function[param]#recording-key.</summary>
    public string Id => $"{Folder}/{System.IO.Path.GetFileName(Recording).Replace(".snapshot.json", string.Empty, StringComparison.Ordinal)}::{string.Join("::", Test.Split("::").Skip(1))}#{Key}{(Occurrence > 1 ? $"~{Occurrence}" : string.Empty)}";

    public override string ToString() => Id;

    public JsonArray Events()
    {
        var snapshot = JsonNode.Parse(File.ReadAllText(TestData.Path(Recording)))!.AsObject();
        return snapshot[Test]!["recorded-content"]![Key]!["events"]!.AsArray();
    }

    public static IReadOnlyList<ConformanceCase> LoadAll()
    {
        var cases = JsonNode.Parse(File.ReadAllText(TestData.Path("cases.json")))!.AsArray();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);

        // The same test name can appear twice in a snapshot file (a test class split over modules).
        ConformanceCase Numbered(ConformanceCase c)
        {
            var n = seen[c.Id] = seen.GetValueOrDefault(c.Id) + 1;
            return n == 1 ? c : c with { Occurrence = n };
        }

        return [.. cases.Select(c => new ConformanceCase(
            c!["recording"]!.GetValue<string>(),
            c["test"]!.GetValue<string>(),
            c["key"]!.GetValue<string>(),
            c["template"]?.GetValue<string>(),
            c["mapping"]!.GetValue<string>(),
            (c["edits"] as JsonObject ?? []).ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal))).Select(Numbered)];
    }
}
