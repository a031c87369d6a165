using System.Text.Json;

namespace Sluice.Jsonata.Tests;

/// <summary>One case of the reference test suite, as TESTSUITE.md describes it.</summary>
internal sealed record SuiteCase(string Id, string Group, string Expression, JsonElement Spec)
{
    public static readonly string Root = Path.Combine(AppContext.BaseDirectory, "TestSuite");

    private static readonly Lazy<IReadOnlyList<SuiteCase>> s_all = new(Load);
    private static readonly Dictionary<string, object?> s_datasets = new(StringComparer.Ordinal);

    public static IReadOnlyList<SuiteCase> All => s_all.Value;

    private static List<SuiteCase> Load()
    {
        var cases = new List<SuiteCase>();
        foreach (var groupDir in Directory.GetDirectories(Path.Combine(Root, "groups")).Order(StringComparer.Ordinal))
        {
            var group = Path.GetFileName(groupDir);
            foreach (var file in Directory.GetFiles(groupDir, "*.json").Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileNameWithoutExtension(file);
                using var document = JsonDocument.Parse(File.ReadAllText(file));
                var root = document.RootElement.Clone();
                if (root.ValueKind == JsonValueKind.Array)
                {
                    var index = 0;
                    foreach (var item in root.EnumerateArray())
                    {
                        cases.Add(Create($"{group}/{name}#{index++}", group, groupDir, item));
                    }
                }
                else
                {
                    cases.Add(Create($"{group}/{name}", group, groupDir, root));
                }
            }
        }
        return cases;
    }

    private static SuiteCase Create(string id, string group, string groupDir, JsonElement spec)
    {
        var expression = spec.TryGetProperty("expr-file", out var exprFile)
            ? File.ReadAllText(Path.Combine(groupDir, exprFile.GetString()!))
            : JsonValues.StringOf(spec.GetProperty("expr"));
        return new SuiteCase(id, group, expression, spec);
    }

    /// <summary>The input: "data" if present, else the named dataset, or undefined when "dataset" is null.</summary>
    public object? Input()
    {
        if (Spec.TryGetProperty("data", out var data))
        {
            return JsonValues.FromElement(data);
        }
        if (!Spec.TryGetProperty("dataset", out var dataset) || dataset.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var name = dataset.GetString()!;
        lock (s_datasets)
        {
            if (!s_datasets.TryGetValue(name, out var cached))
            {
                cached = JsonValues.Parse(File.ReadAllText(Path.Combine(Root, "datasets", name + ".json")));
                s_datasets[name] = cached;
            }
            // Each case gets its own copy: transforms and $clone must not leak between cases.
            return JsonValues.Parse(JsonValues.Stringify(cached));
        }
    }

    public Dictionary<string, object?> Bindings()
    {
        var bindings = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (Spec.TryGetProperty("bindings", out var element) && element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                bindings[property.Name] = JsonValues.FromElement(property.Value);
            }
        }
        return bindings;
    }

    public override string ToString() => Id;
}
