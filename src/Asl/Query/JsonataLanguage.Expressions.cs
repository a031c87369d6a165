using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Sluice.Asl.Execution;
using Sluice.Jsonata;
using JsonataValues = Sluice.Jsonata.JsonValues;

namespace Sluice.Asl.Query;

internal sealed partial class JsonataLanguage
{
    private static readonly ConcurrentDictionary<string, JsonataExpression> s_parsed = new(StringComparer.Ordinal);

    /// <summary>
    /// Evaluates a field: a string <c>{% ... %}</c> is an expression, objects and arrays are walked
    /// for expressions in their values, anything else is taken as written.
    /// </summary>
    internal JsonNode? Template(StateRun run, JsonNode? template, string location, StatesValues values)
    {
        switch (template)
        {
            case JsonObject o:
                var result = new JsonObject();
                foreach (var (key, value) in o)
                {
                    result[key] = Template(run, value, location + "/" + key, values);
                }

                return result;
            case JsonArray a:
                return new JsonArray([.. a.Select(item => Template(run, item, location, values))]);
            default:
                return IsExpression(template, out var source) ? Evaluate(run, source, location, values) : template?.DeepClone();
        }
    }

    /// <summary>True for a string that is one whole <c>{% ... %}</c> expression; <paramref name="source"/> is its trimmed body.</summary>
    internal static bool IsExpression(JsonNode? node, out string source)
    {
        if (JsonValues.TryString(node, out var text) && text.Length >= 4
            && text.StartsWith("{%", StringComparison.Ordinal) && text.EndsWith("%}", StringComparison.Ordinal))
        {
            source = text[2..^2].Trim();
            return true;
        }

        source = string.Empty;
        return false;
    }

    private static string Inner(JsonNode? node) => IsExpression(node, out var source) ? source : JsonValues.ToJson(node);

    private static JsonNode? Evaluate(StateRun run, string source, string location, StatesValues values)
    {
        var prefix = $"The JSONata expression '{source}' specified for the field '{location}'";
        object? value;
        try
        {
            var expression = s_parsed.GetOrAdd(source, JsonataExpression.Parse);
            value = expression.EvaluateValue(null, Scope(run, source, values));
        }
        catch (JsonataException e)
        {
            throw QueryError(run, location, $"{prefix} threw an error during evaluation. {e.Code}: {e.Message}");
        }
        catch (StepFunctionsFunctionException e)
        {
            throw QueryError(run, location, $"{prefix} threw an error during evaluation. {e.Message}");
        }

        return value switch
        {
            null => throw QueryError(run, location, $"{prefix} returned nothing (undefined)."),
            JsonataFunction => throw QueryError(run, location, $"{prefix} returned an unsupported result type."),
            _ => JsonataValues.ToNode(value),
        };
    }

    private static Dictionary<string, object?> Scope(StateRun run, string source, StatesValues values)
    {
        var variables = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        run.Variables.CopyTo(variables);
        var scope = new Dictionary<string, object?>(variables.Count + StepFunctionsFunctions.All.Count + 1, StringComparer.Ordinal);
        foreach (var (name, function) in StepFunctionsFunctions.All)
        {
            scope[name] = function;
        }

        foreach (var (name, value) in variables)
        {
            scope[name] = JsonataValues.FromNode(value) ?? JsonataNull.Value;
        }

        if (source.Contains("$states", StringComparison.Ordinal))
        {
            var states = new JsonataObject
            {
                ["input"] = JsonataValues.FromNode(values.Input) ?? JsonataNull.Value,
                ["context"] = JsonataValues.FromNode(run.Context()),
            };
            if (values.HasResult)
            {
                states["result"] = JsonataValues.FromNode(values.Result) ?? JsonataNull.Value;
            }

            if (values.ErrorOutput is { } error)
            {
                states["errorOutput"] = JsonataValues.FromNode(error);
            }

            scope["states"] = states;
        }

        return scope;
    }

    /// <summary>
    /// States.QueryEvaluationError, recorded first as an EvaluationFailed event that links to the
    /// event before the state was entered (as AWS records it); the failure events that follow link to it.
    /// </summary>
    internal static StatesException QueryError(StateRun run, string? location, string detail, bool afterEntered = false)
    {
        var error = run.Runtime(detail, StatesErrors.QueryEvaluationError);
        var details = new JsonObject { ["cause"] = error.Cause, ["error"] = error.Error };
        if (location is not null)
        {
            details["location"] = location;
        }

        details["state"] = run.State.Name;
        var lane = run.Frame.Lane;
        // A Wait's unusable Timestamp links to its StateEntered instead, as recorded.
        lane.Last = lane.Log.Add("EvaluationFailed", afterEntered ? lane.Last : run.EnteredPreviousEventId, details);
        return error;
    }
}
