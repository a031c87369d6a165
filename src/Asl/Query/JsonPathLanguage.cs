using System.Text.Json.Nodes;
using Sluice.Asl.Definition;
using Sluice.Asl.Execution;
using Sluice.Asl.Intrinsics;
using Sluice.Asl.JsonPath;

namespace Sluice.Asl.Query;

/// <summary>The JSONPath query language: paths, payload templates with <c>.$</c> keys, intrinsics and variables.</summary>
internal sealed partial class JsonPathLanguage : IQueryLanguage
{
    public static JsonPathLanguage Instance { get; } = new();

    public JsonNode? EffectiveInput(StateRun run, JsonNode? rawInput, bool applyParameters)
    {
        var input = ApplyInputPath(run, rawInput);
        run.Frame.Probe?.Record("afterInputPath", input);
        if (applyParameters && run.State.Field("Parameters") is { } parameters)
        {
            input = Template(run, parameters, input);
        }

        if (applyParameters)
        {
            run.Frame.Probe?.Record("afterParameters", input);
        }

        return input;
    }

    public JsonNode? AssignSubject(StateRun run, JsonNode? rawInput, JsonNode? result, bool applyResultSelector) =>
        applyResultSelector && run.State.Field("ResultSelector") is { } selector ? Template(run, selector, result) : result;

    public JsonNode? StateOutput(StateRun run, JsonNode? rawInput, JsonNode? result, bool applyResultSelector)
    {
        var selected = AssignSubject(run, rawInput, result, applyResultSelector);
        var hasResultPath = run.State.Raw.TryGetPropertyValue("ResultPath", out var resultPath);
        var combined = ApplyResultPath(run, rawInput, selected, hasResultPath, resultPath);
        if (run.Frame.Probe is { } probe && run.State.Type is "Pass" or "Task" or "Map" or "Parallel")
        {
            probe.Record("afterResultSelector", selected);
            probe.Record("afterResultPath", combined);
        }

        return ApplyOutputPath(run, combined);
    }

    public JsonNode? CatchOutput(StateRun run, JsonNode? rawInput, JsonObject errorOutput, CatcherDefinition catcher)
    {
        // The recordings show the state's OutputPath is not applied on the error path.
        catcher.Raw.TryGetPropertyValue("ResultPath", out var resultPath);
        return ApplyResultPath(run, rawInput, errorOutput.DeepClone(), catcher.HasResultPath, resultPath);
    }

    public IReadOnlyList<KeyValuePair<string, JsonNode?>> Assign(StateRun run, JsonNode assign, JsonNode? subject)
    {
        if (assign is not JsonObject obj)
        {
            throw run.Runtime("The Assign field must be a JSON object.");
        }

        var evaluated = Template(run, obj, subject) as JsonObject ?? [];
        return [.. evaluated.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value?.DeepClone()))];
    }

    public JsonNode? Payload(StateRun run, JsonNode? template, JsonNode? input) => Template(run, template, input);

    public JsonNode? FieldValue(StateRun run, JsonNode? input, string field, out bool found, out bool fromPath, JsonObject? container = null)
    {
        var source = container ?? run.State.Raw;
        if (source.TryGetPropertyValue(field, out var literal))
        {
            found = true;
            fromPath = false;
            return literal?.DeepClone();
        }

        if (!JsonValues.TryString(source[field + "Path"], out var path))
        {
            found = false;
            fromPath = false;
            return null;
        }

        found = true;
        fromPath = true;
        if (IntrinsicParser.LooksLikeCall(path))
        {
            return Intrinsic(run, path, input);
        }

        if (TryResolve(run, path, input, out var value))
        {
            return value?.DeepClone();
        }

        throw field switch
        {
            "Seconds" or "Timestamp" => run.Runtime($"The {field}Path parameter does not reference an input value: {path}"),
            "Error" or "Cause" => run.Runtime($"The JSONPath '{path}' specified for the field '{field}Path' could not be found in the input '{JsonValues.ToJson(input)}'"),
            _ => run.Runtime(InvalidPath(path)),
        };
    }

    public JsonNode? MapItems(StateRun run, JsonNode? effectiveInput)
    {
        var path = run.State.String("ItemsPath") ?? "$";
        if (!TryResolve(run, path, effectiveInput, out var items))
        {
            throw run.Runtime(InvalidPath(path));
        }

        return items;
    }

    public JsonNode? MapItemInput(StateRun run, JsonNode? effectiveInput, MapItem item)
    {
        var selector = run.State.Field("ItemSelector") ?? run.State.Field("Parameters");
        if (selector is null)
        {
            return item.DefaultInput();
        }

        run.MapItem = item;
        try
        {
            return Template(run, selector, effectiveInput);
        }
        finally
        {
            run.MapItem = null;
        }
    }

    private JsonNode? ApplyInputPath(StateRun run, JsonNode? rawInput)
    {
        if (!run.State.Raw.TryGetPropertyValue("InputPath", out var node))
        {
            return rawInput?.DeepClone();
        }

        if (node is null)
        {
            return new JsonObject();
        }

        var path = JsonValues.TryString(node, out var s) ? s : "$";
        return TryResolve(run, path, rawInput, out var value) ? value?.DeepClone() : throw run.Runtime(InvalidPath(path));
    }

    private JsonNode? ApplyOutputPath(StateRun run, JsonNode? value)
    {
        if (!run.State.Raw.TryGetPropertyValue("OutputPath", out var node))
        {
            return value;
        }

        if (node is null)
        {
            return new JsonObject();
        }

        var path = JsonValues.TryString(node, out var s) ? s : "$";
        return TryResolve(run, path, value, out var selected) ? selected?.DeepClone() : throw run.Runtime(InvalidPath(path));
    }

    private static JsonNode? ApplyResultPath(StateRun run, JsonNode? rawInput, JsonNode? result, bool hasResultPath, JsonNode? resultPath)
    {
        if (!hasResultPath)
        {
            // The result is the state's own (a copy of its input, a template's or a task's new value).
            return result;
        }

        if (resultPath is null)
        {
            return rawInput?.DeepClone();
        }

        var text = JsonValues.TryString(resultPath, out var s) ? s : "$";
        if (text == "$")
        {
            return result?.DeepClone();
        }

        var path = JsonPathExpression.Parse(text);
        var root = rawInput?.DeepClone();
        if (root is not JsonObject)
        {
            throw new StatesException(StatesErrors.ResultPathMatchFailure, $"Unable to apply step \"{FirstStep(path)}\" to input {JsonValues.ToJson(rawInput)}");
        }

        JsonNode current = root;
        for (var i = 0; i < path.Segments.Count; i++)
        {
            var last = i == path.Segments.Count - 1;
            switch (path.Segments[i])
            {
                case JsonPathSegment.Child child when current is JsonObject o:
                    if (last)
                    {
                        o[child.Name] = result?.DeepClone();
                    }
                    else
                    {
                        if (o[child.Name] is not (JsonObject or JsonArray))
                        {
                            o[child.Name] = new JsonObject();
                        }

                        current = o[child.Name]!;
                    }

                    break;
                case JsonPathSegment.Index index when current is JsonArray a && index.Value >= 0 && index.Value < a.Count:
                    if (last)
                    {
                        a[index.Value] = result?.DeepClone();
                    }
                    else
                    {
                        a[index.Value] ??= new JsonObject();
                        current = a[index.Value]!;
                    }

                    break;
                default:
                    throw new StatesException(StatesErrors.ResultPathMatchFailure, $"Unable to apply step \"{Describe(path.Segments[i])}\" to input {JsonValues.ToJson(current)}");
            }
        }

        return root;
    }

    private static string FirstStep(JsonPathExpression path) => path.Segments.Count > 0 ? Describe(path.Segments[0]) : "$";

    private static string Describe(JsonPathSegment segment) => segment switch
    {
        JsonPathSegment.Child c => c.Name,
        JsonPathSegment.Index i => i.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => segment.ToString(),
    };

    internal static string InvalidPath(string path)
    {
        var bracket = JsonPathExpression.TryParse(RootPath(path), out var parsed, out _) ? parsed.ToBracketNotation() : path;
        return $"Invalid path '{path}' : No results for path: {bracket}";
    }

    private static string RootPath(string path) =>
        path.StartsWith("$$", StringComparison.Ordinal) ? path[1..] : path;
}
