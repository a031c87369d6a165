using System.Text.Json.Nodes;
using Sluice.Asl.Intrinsics;
using Sluice.Asl.JsonPath;

namespace Sluice.Asl.Definition.Validation;

internal sealed partial class DefinitionValidator
{
    /// <summary>The *Path fields that hold a reference path (the Map's and the Task's, Wait's and Fail's).</summary>
    private static readonly string[] s_pathFields =
    [
        "ItemsPath", "TimeoutSecondsPath", "HeartbeatSecondsPath", "SecondsPath", "TimestampPath",
        "MaxConcurrencyPath", "ToleratedFailureCountPath", "ToleratedFailurePercentagePath",
    ];

    /// <summary>JSONata fields whose strings may be {% expressions %}, checked recursively.</summary>
    private static readonly string[] s_jsonataExpressionFields =
    [
        "Arguments", "Output", "Items", "ItemSelector", "TimeoutSeconds", "HeartbeatSeconds", "Seconds", "Timestamp",
        "MaxConcurrency", "ToleratedFailureCount", "ToleratedFailurePercentage", "Error", "Cause", "Credentials",
    ];

    private void CheckJsonPathFields(JsonObject state, string at, string type)
    {
        foreach (var field in new[] { "InputPath", "OutputPath" })
        {
            if (state.TryGetPropertyValue(field, out var path) && path is not null
                && !(JsonValues.TryString(path, out var text) && IsValidPath(text)))
            {
                Add(ValidationRules.InputOutputPath, $"{at}/{field}", $"The value for the field '{field}' must be a valid JSONPath");
            }
        }

        if (state.TryGetPropertyValue("ResultPath", out var resultPath))
        {
            CheckResultPath(resultPath, $"{at}/ResultPath");
        }

        foreach (var field in s_pathFields)
        {
            if (state.TryGetPropertyValue(field, out var path))
            {
                CheckReferencePath(path, $"{at}/{field}", field, allowIntrinsic: false);
            }
        }

        foreach (var field in new[] { "ErrorPath", "CausePath" })
        {
            if (state.TryGetPropertyValue(field, out var path))
            {
                CheckReferencePath(path, $"{at}/{field}", field, allowIntrinsic: true);
            }
        }

        foreach (var field in new[] { "Parameters", "ResultSelector", "ItemSelector" })
        {
            if (!state.TryGetPropertyValue(field, out var template))
            {
                continue;
            }

            if (field != "Parameters" || type == "Map")
            {
                if (template is not JsonObject)
                {
                    Add(ValidationRules.Templates, $"{at}/{field}", $"The value for the field '{field}' must be a JSON object");
                    continue;
                }
            }

            CheckTemplate(template, $"{at}/{field}");
        }

        if (type == "Pass" && state["Result"] is { } result && HasDollarKey(result))
        {
            Add(ValidationRules.PassResultIsStatic, $"{at}/Result", "The Result field of a Pass state is static: keys ending in '.$' are not evaluated (use Parameters)");
        }
    }

    private void CheckResultPath(JsonNode? node, string at)
    {
        if (node is null)
        {
            return;
        }

        if (!JsonValues.TryString(node, out var text) || !IsReferencePath(text, allowContextAndVariables: false))
        {
            Add(ValidationRules.ResultPath, at, "The value for the field 'ResultPath' must be a valid JSONPath reference path");
        }
    }

    private void CheckReferencePath(JsonNode? node, string at, string field, bool allowIntrinsic)
    {
        if (JsonValues.TryString(node, out var text)
            && (IsReferencePath(text, allowContextAndVariables: true) || (allowIntrinsic && IsValidIntrinsic(text))))
        {
            return;
        }

        Add(ValidationRules.ReferencePaths, at, allowIntrinsic
            ? $"The value for the field '{field}' must be a valid JSONPath or a valid intrinsic function call"
            : $"The value for the field '{field}' must be a valid JSONPath reference path");
    }

    /// <summary>
    /// A payload template: keys ending in .$ hold a path or an intrinsic call; other string values
    /// that look like one draw a NO_DOLLAR warning.
    /// </summary>
    private void CheckTemplate(JsonNode? node, string at)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    if (key.EndsWith(".$", StringComparison.Ordinal))
                    {
                        if (!JsonValues.TryString(value, out var expr) || !IsValidExpression(expr))
                        {
                            Add(ValidationRules.TemplateValues, at, $"The value for the field '{key}' must be a valid JSONPath or a valid intrinsic function call");
                        }
                    }
                    else if (JsonValues.TryString(value, out var literal) && LooksLikeExpression(literal))
                    {
                        Add(ValidationRules.NoDollar, at, $"The value for the field '{key}' looks like a JSONPath or an intrinsic function; end the key with '.$' to evaluate it");
                    }
                    else
                    {
                        CheckTemplate(value, at);
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    CheckTemplate(item, at);
                }

                break;
        }
    }

    private static bool HasDollarKey(JsonNode? node) => node switch
    {
        JsonObject o => o.Any(p => p.Key.EndsWith(".$", StringComparison.Ordinal) || HasDollarKey(p.Value)),
        JsonArray a => a.Any(HasDollarKey),
        _ => false,
    };

    private static bool LooksLikeExpression(string text) =>
        text == "$" || text.StartsWith("$.", StringComparison.Ordinal) || text.StartsWith("$$.", StringComparison.Ordinal)
        || (IntrinsicParser.LooksLikeCall(text) && text.EndsWith(')'));

    /// <summary>Every {% %} string of a JSONata state's expression fields.</summary>
    private void CheckJsonataFields(JsonObject state, string at)
    {
        foreach (var field in s_jsonataExpressionFields)
        {
            if (state.TryGetPropertyValue(field, out var value))
            {
                CheckJsonataValue(value, $"{at}/{field}");
            }
        }
    }

    private void CheckJsonataValue(JsonNode? node, string at)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    CheckJsonataValue(value, $"{at}/{key}");
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    CheckJsonataValue(a[i], $"{at}[{i}]");
                }

                break;
            default:
                if (JsonValues.TryString(node, out var text))
                {
                    CheckJsonataString(text, at);
                }

                break;
        }
    }

    private void CheckJsonataString(string text, string at)
    {
        var opens = text.StartsWith("{%", StringComparison.Ordinal);
        var closes = text.EndsWith("%}", StringComparison.Ordinal);
        if (opens != closes || (opens && text.Length < 4))
        {
            Add(ValidationRules.JsonataExpressions, at, "The JSONata expression must start with '{%' and end with '%}'");
        }
        else if (opens && text[2..^2].Trim().Length == 0)
        {
            Add(ValidationRules.JsonataExpressions, at, "The JSONata expression is empty");
        }
    }

    /// <summary>A path ($, $.a, $$.Execution.Id, $variable.a) or an intrinsic function call.</summary>
    internal static bool IsValidExpression(string expr) => IsValidIntrinsic(expr) || IsValidPath(expr);

    private static bool IsValidIntrinsic(string expr)
    {
        if (!IntrinsicParser.LooksLikeCall(expr))
        {
            return false;
        }

        try
        {
            IntrinsicParser.Parse(expr);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    internal static bool IsValidPath(string expr) => TryRootPath(expr, allowContextAndVariables: true, out var path) && JsonPathExpression.TryParse(path, out _, out _);

    private static bool IsReferencePath(string expr, bool allowContextAndVariables) =>
        TryRootPath(expr, allowContextAndVariables, out var path) && JsonPathExpression.TryParse(path, out var parsed, out _) && parsed.IsDefinite;

    /// <summary>The path relative to its root: $$x and $variable.x become $x and $.x.</summary>
    private static bool TryRootPath(string expr, bool allowContextAndVariables, out string path)
    {
        path = expr;
        if (expr.Length == 0 || expr[0] != '$')
        {
            return false;
        }

        if (expr.StartsWith("$$", StringComparison.Ordinal))
        {
            path = expr[1..];
            return allowContextAndVariables;
        }

        if (expr.Length > 1 && expr[1] != '.' && expr[1] != '[')
        {
            var end = 1;
            while (end < expr.Length && (char.IsLetterOrDigit(expr[end]) || expr[end] == '_'))
            {
                end++;
            }

            path = "$" + expr[end..];
            return allowContextAndVariables && end > 1;
        }

        return true;
    }
}
