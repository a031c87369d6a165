using System.Text;
using System.Text.Json.Nodes;
using Sluice.Asl.Execution;

namespace Sluice.Asl.Query;

internal sealed partial class JsonPathLanguage
{
    private static readonly string[] s_comparisons =
    [
        "StringEquals", "StringLessThan", "StringGreaterThan", "StringLessThanEquals", "StringGreaterThanEquals", "StringMatches",
        "NumericEquals", "NumericLessThan", "NumericGreaterThan", "NumericLessThanEquals", "NumericGreaterThanEquals",
        "BooleanEquals",
        "TimestampEquals", "TimestampLessThan", "TimestampGreaterThan", "TimestampLessThanEquals", "TimestampGreaterThanEquals",
        "IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp",
    ];

    public bool Condition(StateRun run, JsonObject rule, JsonNode? input)
    {
        if (rule["And"] is JsonArray and)
        {
            return and.All(r => r is JsonObject o && Condition(run, o, input));
        }

        if (rule["Or"] is JsonArray or)
        {
            return or.Any(r => r is JsonObject o && Condition(run, o, input));
        }

        if (rule["Not"] is JsonObject not)
        {
            return !Condition(run, not, input);
        }

        if (!JsonValues.TryString(rule["Variable"], out var variable))
        {
            throw run.Runtime("A choice rule must have a Variable and a comparison operator.");
        }

        var (op, operand, isPath) = FindOperator(run, rule);
        var present = TryResolve(run, variable, input, out var value);
        if (op == "IsPresent")
        {
            return present == Bool(run, operand, op);
        }

        if (!present)
        {
            throw run.Runtime($"Invalid path '{variable}': The choice state's condition path references an invalid value.");
        }

        if (isPath)
        {
            var path = JsonValues.TryString(operand, out var p) ? p : string.Empty;
            if (!TryResolve(run, path, input, out operand))
            {
                throw run.Runtime($"Invalid path '{path}': The choice state's condition path references an invalid value.");
            }
        }

        return Compare(run, op, value, operand, isPath);
    }

    private static (string Op, JsonNode? Operand, bool IsPath) FindOperator(StateRun run, JsonObject rule)
    {
        foreach (var op in s_comparisons)
        {
            if (rule.TryGetPropertyValue(op, out var operand))
            {
                return (op, operand, false);
            }

            if (rule.TryGetPropertyValue(op + "Path", out var pathOperand))
            {
                return (op, pathOperand, true);
            }
        }

        throw run.Runtime("A choice rule has no comparison operator.");
    }

    private static bool Bool(StateRun run, JsonNode? operand, string op) =>
        JsonValues.TryBoolean(operand, out var b) ? b : throw run.Runtime($"The operand of {op} must be a boolean.");

    private static bool Compare(StateRun run, string op, JsonNode? value, JsonNode? operand, bool isPath)
    {
        switch (op)
        {
            case "IsNull":
                return (value is null) == Bool(run, operand, op);
            case "IsNumeric":
                return JsonValues.TryNumber(value, out _) == Bool(run, operand, op);
            case "IsString":
                return JsonValues.TryString(value, out _) == Bool(run, operand, op);
            case "IsBoolean":
                return JsonValues.TryBoolean(value, out _) == Bool(run, operand, op);
            case "IsTimestamp":
                return (JsonValues.TryString(value, out var ts) && Timestamps.TryParse(ts, out _)) == Bool(run, operand, op);
            case "BooleanEquals":
                return JsonValues.TryBoolean(value, out var vb) && JsonValues.TryBoolean(operand, out var ob) && vb == ob;
            case "StringMatches":
                return JsonValues.TryString(value, out var vs) && JsonValues.TryString(operand, out var pattern) && Matches(vs, pattern);
        }

        if (op.StartsWith("String", StringComparison.Ordinal))
        {
            if (!JsonValues.TryString(value, out var a) || !JsonValues.TryString(operand, out var b))
            {
                return false;
            }

            return Order(op, "String", string.CompareOrdinal(a, b));
        }

        if (op.StartsWith("Numeric", StringComparison.Ordinal))
        {
            if (!JsonValues.TryNumber(value, out var a) || !JsonValues.TryNumber(operand, out var b))
            {
                return false;
            }

            return Order(op, "Numeric", a.CompareTo(b));
        }

        if (op.StartsWith("Timestamp", StringComparison.Ordinal))
        {
            if (!JsonValues.TryString(value, out var a) || !Timestamps.TryParse(a, out var ta)
                || !JsonValues.TryString(operand, out var b) || !Timestamps.TryParse(b, out var tb))
            {
                return false;
            }

            return Order(op, "Timestamp", ta.CompareTo(tb));
        }

        _ = isPath;
        return false;
    }

    private static bool Order(string op, string prefix, int cmp) => op[prefix.Length..] switch
    {
        "Equals" => cmp == 0,
        "LessThan" => cmp < 0,
        "GreaterThan" => cmp > 0,
        "LessThanEquals" => cmp <= 0,
        "GreaterThanEquals" => cmp >= 0,
        _ => false,
    };

    /// <summary>StringMatches: <c>*</c> matches any run of characters; <c>\*</c> and <c>\\</c> are literals.</summary>
    internal static bool Matches(string value, string pattern)
    {
        var tokens = new List<(bool Star, string Text)>();
        var sb = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\' && i + 1 < pattern.Length)
            {
                sb.Append(pattern[++i]);
            }
            else if (pattern[i] == '*')
            {
                tokens.Add((false, sb.ToString()));
                sb.Clear();
                tokens.Add((true, string.Empty));
            }
            else
            {
                sb.Append(pattern[i]);
            }
        }

        tokens.Add((false, sb.ToString()));
        return Match(value, 0, tokens, 0);
    }

    private static bool Match(string value, int pos, List<(bool Star, string Text)> tokens, int t)
    {
        if (t == tokens.Count)
        {
            return pos == value.Length;
        }

        var (star, text) = tokens[t];
        if (!star)
        {
            return string.CompareOrdinal(value, pos, text, 0, text.Length) == 0 && pos + text.Length <= value.Length
                && Match(value, pos + text.Length, tokens, t + 1);
        }

        for (var p = pos; p <= value.Length; p++)
        {
            if (Match(value, p, tokens, t + 1))
            {
                return true;
            }
        }

        return false;
    }
}
