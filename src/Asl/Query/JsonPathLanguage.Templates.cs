using System.Text.Json.Nodes;
using Sluice.Asl.Execution;
using Sluice.Asl.Intrinsics;
using Sluice.Asl.JsonPath;

namespace Sluice.Asl.Query;

internal sealed partial class JsonPathLanguage
{
    /// <summary>Evaluates a payload template: keys ending in <c>.$</c> take a path or intrinsic, the rest are literals.</summary>
    public JsonNode? Template(StateRun run, JsonNode? template, JsonNode? input)
    {
        switch (template)
        {
            case JsonObject o:
                var result = new JsonObject();
                foreach (var (key, value) in o)
                {
                    if (key.EndsWith(".$", StringComparison.Ordinal) && JsonValues.TryString(value, out var expr))
                    {
                        result[key[..^2]] = Expression(run, key, expr, input);
                    }
                    else
                    {
                        result[key] = Template(run, value, input);
                    }
                }

                return result;
            case JsonArray a:
                return new JsonArray([.. a.Select(item => Template(run, item, input))]);
            default:
                return template?.DeepClone();
        }
    }

    private JsonNode? Expression(StateRun run, string key, string expr, JsonNode? input)
    {
        if (IntrinsicParser.LooksLikeCall(expr))
        {
            return Intrinsic(run, expr, input);
        }

        if (TryResolve(run, expr, input, out var value))
        {
            return value?.DeepClone();
        }

        throw run.Runtime($"The JSONPath '{expr}' specified for the field '{key}' could not be found in the input '{JsonValues.ToJson(input)}'");
    }

    private JsonNode? Intrinsic(StateRun run, string expr, JsonNode? input)
    {
        IntrinsicExpression.Call call;
        try
        {
            call = IntrinsicParser.Parse(expr);
        }
        catch (FormatException e)
        {
            throw run.Runtime(e.Message, StatesErrors.IntrinsicFailure);
        }

        try
        {
            return IntrinsicFunctions.Evaluate(call, path => TryResolve(run, path, input, out var v)
                ? v
                : throw new StatesException(StatesErrors.Runtime, $"The JSONPath '{path}' could not be found in the input '{JsonValues.ToJson(input)}'"));
        }
        catch (StatesException e) when (e.Error is StatesErrors.IntrinsicFailure or StatesErrors.Runtime && !(e.Cause ?? "").StartsWith("An error occurred", StringComparison.Ordinal))
        {
            throw run.Runtime(e.Cause ?? e.Error, e.Error);
        }
    }

    /// <summary>Resolves <c>$...</c> against the input, <c>$$...</c> against the context object, <c>$name...</c> against a variable.</summary>
    public static bool TryResolve(StateRun run, string expr, JsonNode? input, out JsonNode? value)
    {
        value = null;
        JsonNode? root;
        string path;
        if (expr.StartsWith("$$", StringComparison.Ordinal))
        {
            root = run.Context();
            path = expr[1..];
        }
        else if (expr.Length > 1 && expr[0] == '$' && expr[1] != '.' && expr[1] != '[')
        {
            var end = 1;
            while (end < expr.Length && (char.IsLetterOrDigit(expr[end]) || expr[end] == '_'))
            {
                end++;
            }

            if (!run.Variables.TryGet(expr[1..end], out root))
            {
                return false;
            }

            path = "$" + expr[end..];
        }
        else
        {
            root = input;
            path = expr;
        }

        if (!JsonPathExpression.TryParse(path, out var parsed, out _))
        {
            return false;
        }

        var matches = parsed.Select(root);
        if (parsed.IsDefinite)
        {
            if (matches.Count == 0)
            {
                return false;
            }

            value = matches[0];
            return true;
        }

        value = new JsonArray([.. matches.Select(m => m?.DeepClone())]);
        return true;
    }
}
