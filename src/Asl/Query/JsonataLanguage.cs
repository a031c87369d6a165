using System.Text.Json.Nodes;
using Sluice.Asl.Definition;
using Sluice.Asl.Execution;

namespace Sluice.Asl.Query;

/// <summary>
/// The JSONata query language: Arguments, Output, Assign, Items, ItemSelector, Condition and the
/// numeric and text fields take literals or <c>{% ... %}</c> expressions that see <c>$states</c>
/// (input, result, errorOutput, context) and the workflow variables.
/// </summary>
internal sealed partial class JsonataLanguage : IQueryLanguage
{
    public static JsonataLanguage Instance { get; } = new();

    /// <summary>What <c>$states</c> holds for one evaluation.</summary>
    internal readonly record struct StatesValues(JsonNode? Input, bool HasResult, JsonNode? Result, JsonObject? ErrorOutput);

    internal static StatesValues Bindings(JsonNode? input) => new(input, false, null, null);

    public JsonNode? EffectiveInput(StateRun run, JsonNode? rawInput, bool applyParameters)
    {
        if (!applyParameters || !run.State.Raw.TryGetPropertyValue("Arguments", out var arguments))
        {
            return rawInput?.DeepClone();
        }

        var evaluated = Template(run, arguments, "Arguments", Bindings(rawInput));
        run.Frame.Probe?.Record("afterArguments", evaluated);
        return evaluated;
    }

    public JsonNode? AssignSubject(StateRun run, JsonNode? rawInput, JsonNode? result, bool applyResultSelector) => result;

    public JsonNode? StateOutput(StateRun run, JsonNode? rawInput, JsonNode? result, bool applyResultSelector)
    {
        if (!run.State.Raw.TryGetPropertyValue("Output", out var output))
        {
            return result?.DeepClone();
        }

        return Template(run, output, "Output", new StatesValues(rawInput, HasResult(run), result, null));
    }

    public JsonNode? CatchOutput(StateRun run, JsonNode? rawInput, JsonObject errorOutput, CatcherDefinition catcher) =>
        catcher.Raw.TryGetPropertyValue("Output", out var output)
            ? Template(run, output, "Output", new StatesValues(rawInput, false, null, errorOutput))
            : errorOutput.DeepClone();

    public IReadOnlyList<KeyValuePair<string, JsonNode?>> Assign(StateRun run, JsonNode assign, JsonNode? subject)
    {
        if (assign is not JsonObject obj)
        {
            throw run.Runtime("The Assign field must be a JSON object.");
        }

        var values = run.ErrorOutput is { } error
            ? new StatesValues(run.RawInput, false, null, error)
            : new StatesValues(run.RawInput, HasResult(run), subject, null);
        var assigned = new List<KeyValuePair<string, JsonNode?>>(obj.Count);
        foreach (var (name, value) in obj)
        {
            assigned.Add(new(name, Template(run, value, "Assign/" + name, values)));
        }

        return assigned;
    }

    public bool Condition(StateRun run, JsonObject rule, JsonNode? input)
    {
        var condition = rule["Condition"];
        var value = Template(run, condition, "Condition", Bindings(run.RawInput));
        if (value is JsonValue v && v.TryGetValue<bool>(out var matched))
        {
            return matched;
        }

        throw QueryError(run, "Condition", $"The JSONata expression '{Inner(condition)}' specified for the field 'Condition' returned an unexpected result type. Expected 'boolean', but was '{TypeName(value)}' for value: {JsonValues.ToJson(value)}");
    }

    public JsonNode? FieldValue(StateRun run, JsonNode? input, string field, out bool found, out bool fromPath, JsonObject? container = null)
    {
        fromPath = false;
        var source = container ?? run.State.Raw;
        if (!source.TryGetPropertyValue(field, out var node))
        {
            found = false;
            return null;
        }

        found = true;
        return Template(run, node, field, Bindings(run.RawInput));
    }

    public JsonNode? Payload(StateRun run, JsonNode? template, JsonNode? input) => Template(run, template, "Arguments", Bindings(input));

    public JsonNode? MapItems(StateRun run, JsonNode? effectiveInput)
    {
        if (!run.State.Raw.TryGetPropertyValue("Items", out var items))
        {
            return effectiveInput;
        }

        var value = Template(run, items, "Items", Bindings(effectiveInput));
        if (value is not JsonArray && IsExpression(items, out var source))
        {
            throw QueryError(run, "Items", $"The JSONata expression '{source}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '{TypeName(value)}' for value: {JsonValues.ToJson(value)}");
        }

        return value;
    }

    public JsonNode? MapItemInput(StateRun run, JsonNode? effectiveInput, MapItem item)
    {
        if (run.State.Field("ItemSelector") is not { } selector)
        {
            return item.DefaultInput();
        }

        run.MapItem = item;
        try
        {
            return Template(run, selector, "ItemSelector", Bindings(effectiveInput));
        }
        finally
        {
            run.MapItem = null;
        }
    }

    // $states.result exists once a Task, Map or Parallel has its result.
    private static bool HasResult(StateRun run) => run.State.Type is "Task" or "Map" or "Parallel";

    private static string TypeName(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v when v.TryGetValue<bool>(out _) => "boolean",
        JsonValue v when v.TryGetValue<string>(out _) => "string",
        _ => "number",
    };
}
