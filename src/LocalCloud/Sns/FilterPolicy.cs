using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Sluice.LocalCloud.Sns;

/// <summary>
/// A parsed SNS subscription filter policy: an AND of key rules and of <c>$or</c> groups. Parsing
/// follows the document order, so the first problem found is the one AWS reports, in AWS's words.
/// </summary>
internal sealed class FilterPolicy
{
    private const int MaxKeys = 5;
    private const int MaxCombinations = 150;

    private readonly List<(string Path, int Depth, List<FilterCondition> Conditions)> _rules = [];
    private readonly List<List<FilterPolicy>> _ors = [];

    /// <summary>True if any key is an object (only allowed with the <c>MessageBody</c> scope).</summary>
    public bool IsNested { get; private set; }

    public static FilterPolicy Parse(string json)
    {
        FilterPolicyValidator.Validate(json);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            throw new FilterPolicyException("failed to parse JSON.");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FilterPolicyException("Filter policy must be a JSON object.");
            }
            var policy = new FilterPolicy();
            policy.ParseObject(doc.RootElement, "", 1);
            policy.CheckLimits();
            return policy;
        }
    }

    private void ParseObject(JsonElement obj, string prefix, int depth)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (property.Name == "$or")
            {
                ParseOr(property.Value, prefix, depth);
                continue;
            }
            var path = prefix + property.Name;
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.Array:
                    _rules.Add((path, depth, ParseConditions(property.Value)));
                    break;
                case JsonValueKind.Object:
                    IsNested = true;
                    ParseObject(property.Value, path + ".", depth + 1);
                    break;
                default:
                    throw new FilterPolicyException($"\"{property.Name}\" must be an object or an array");
            }
        }
    }

    private void ParseOr(JsonElement value, string prefix, int depth)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() < 2)
        {
            throw new FilterPolicyException("Or relationship must be an array of at least two objects");
        }
        var alternatives = new List<FilterPolicy>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new FilterPolicyException("Or relationship must be an array of at least two objects");
            }
            var alternative = new FilterPolicy();
            alternative.ParseObject(item, prefix, depth);
            IsNested |= alternative.IsNested;
            alternatives.Add(alternative);
        }
        _ors.Add(alternatives);
    }

    private static List<FilterCondition> ParseConditions(JsonElement array)
    {
        if (array.GetArrayLength() == 0)
        {
            throw new FilterPolicyException("Empty arrays are not allowed");
        }
        var conditions = new List<FilterCondition>();
        foreach (var item in array.EnumerateArray())
        {
            conditions.Add(item.ValueKind switch
            {
                JsonValueKind.Object => ParseOperator(item),
                JsonValueKind.Array => throw new FilterPolicyException("Match value must be String, number, true, false, or null"),
                _ => new FilterCondition.Exact(FilterValue.Of(item)),
            });
        }
        return conditions;
    }

    private static FilterCondition ParseOperator(JsonElement obj)
    {
        using var members = obj.EnumerateObject();
        if (!members.MoveNext())
        {
            throw new FilterPolicyException("Empty objects are not allowed");
        }
        var op = members.Current;
        FilterCondition condition = op.Name switch
        {
            "prefix" => new FilterCondition.Prefix(PatternString(op.Value, "prefix")),
            "suffix" => new FilterCondition.Suffix(PatternString(op.Value, "suffix")),
            "equals-ignore-case" => new FilterCondition.EqualsIgnoreCase(PatternString(op.Value, "equals-ignore-case")),
            "anything-but" => ParseAnythingBut(op.Value),
            "numeric" => ParseNumeric(op.Value),
            "exists" => op.Value.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? new FilterCondition.Exists(op.Value.ValueKind == JsonValueKind.True)
                : throw new FilterPolicyException("exists match pattern must be either true or false."),
            // AWS reports a non-string CIDR with the prefix operator's wording.
            "cidr" => ParseCidr(PatternString(op.Value, "prefix")),
            _ => throw new FilterPolicyException($"Unrecognized match type {op.Name}"),
        };
        if (members.MoveNext())
        {
            throw new FilterPolicyException("Only one key allowed in match expression");
        }
        return condition;
    }

    private static string PatternString(JsonElement value, string op) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new FilterPolicyException($"{op} match pattern must be a string");

    private static FilterCondition ParseAnythingBut(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String or JsonValueKind.Number:
                return new FilterCondition.AnythingBut([FilterValue.Of(value)], null, null);
            case JsonValueKind.Array:
                var values = new List<FilterValue>();
                foreach (var item in value.EnumerateArray())
                {
                    values.Add(item.ValueKind is JsonValueKind.String or JsonValueKind.Number
                        ? FilterValue.Of(item)
                        : throw new FilterPolicyException("Inside anything but list, start|null|boolean is not supported."));
                }
                return values.Count > 0 ? new FilterCondition.AnythingBut(values, null, null) : throw new FilterPolicyException("Empty arrays are not allowed");
            case JsonValueKind.Object:
                using (var members = value.EnumerateObject())
                {
                    if (!members.MoveNext())
                    {
                        throw new FilterPolicyException("Empty objects are not allowed");
                    }
                    var inner = members.Current;
                    FilterCondition result = inner.Name switch
                    {
                        "prefix" => new FilterCondition.AnythingBut([], PatternString(inner.Value, "prefix"), null),
                        "equals-ignore-case" => new FilterCondition.AnythingBut([], null, PatternString(inner.Value, "equals-ignore-case")),
                        _ => throw new FilterPolicyException($"Unsupported anything-but pattern: {inner.Name}"),
                    };
                    return members.MoveNext() ? throw new FilterPolicyException("Only one key allowed in match expression") : result;
                }
            default:
                throw new FilterPolicyException("Value of anything-but must be an array or single string/number value.");
        }
    }

    private static FilterCondition ParseNumeric(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new FilterPolicyException("Value of numeric must be an array.");
        }
        var items = value.EnumerateArray().ToList();
        if (items.Count == 0)
        {
            throw new FilterPolicyException("Invalid member in numeric match: ]");
        }
        if (items[0].ValueKind != JsonValueKind.String)
        {
            throw new FilterPolicyException($"Invalid member in numeric match: {items[0].GetRawText()}");
        }
        var first = items[0].GetString()!;
        if (first is not ("=" or "<" or "<=" or ">" or ">="))
        {
            throw new FilterPolicyException($"Unrecognized numeric range operator: {first}");
        }
        var firstValue = NumericOperand(items, 1, first == "=" ? "equals" : first);
        if (first is "=" or "<" or "<=")
        {
            if (items.Count > 2)
            {
                throw new FilterPolicyException("Too many elements in numeric expression");
            }
            return first switch
            {
                "=" => new FilterCondition.Numeric(null, false, null, false, firstValue),
                _ => new FilterCondition.Numeric(null, false, firstValue, first == "<=", null),
            };
        }
        if (items.Count == 2)
        {
            return new FilterCondition.Numeric(firstValue, first == ">=", null, false, null);
        }
        if (items[2].ValueKind != JsonValueKind.String)
        {
            throw new FilterPolicyException($"Bad value in numeric range: {items[2].GetRawText()}");
        }
        var second = items[2].GetString()!;
        if (second is not ("<" or "<="))
        {
            throw new FilterPolicyException($"Bad numeric range operator: {second}");
        }
        var secondValue = NumericOperand(items, 3, second);
        if (firstValue >= secondValue)
        {
            throw new FilterPolicyException("Bottom must be less than top");
        }
        if (items.Count > 4)
        {
            throw new FilterPolicyException("Too many terms in numeric range expression");
        }
        return new FilterCondition.Numeric(firstValue, first == ">=", secondValue, second == "<=", null);
    }

    private static double NumericOperand(List<JsonElement> items, int index, string opName)
    {
        if (index >= items.Count || items[index].ValueKind != JsonValueKind.Number)
        {
            throw new FilterPolicyException($"Value of {opName} must be numeric");
        }
        var number = items[index].GetDouble();
        return number is >= -1e9 and <= 1e9
            ? FilterValue.Accurate(number)
            : throw new FilterPolicyException("Value of numeric must be within the range of -1,000,000,000 to 1,000,000,000");
    }

    private static FilterCondition ParseCidr(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2)
        {
            throw new FilterPolicyException("Malformed CIDR, one '/' required");
        }
        if (!IPAddress.TryParse(parts[0], out var network) || (network.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && parts[0].Count(c => c == '.') != 3))
        {
            throw new FilterPolicyException($"Nonstandard IP address: {parts[0]}");
        }
        var maxBits = network.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var bits))
        {
            throw new FilterPolicyException("Malformed CIDR, mask bits must be an integer");
        }
        if (bits > maxBits)
        {
            throw new FilterPolicyException("Malformed CIDR, mask bits must be between 0 and " + maxBits.ToString(CultureInfo.InvariantCulture));
        }
        return new FilterCondition.Cidr(network, bits);
    }

    /// <summary>AWS's limits: at most five keys (parent keys when nested) and 150 value combinations.</summary>
    private void CheckLimits()
    {
        var combinations = 0L;
        foreach (var branch in Expand())
        {
            var keys = branch.Select(r => r.Path.Split('.')[0]).Distinct(StringComparer.Ordinal).Count();
            if (keys > MaxKeys)
            {
                throw new FilterPolicyException($"Filter policy can not have more than {MaxKeys} keys");
            }
            var product = 1L;
            foreach (var rule in branch)
            {
                product *= (long)rule.Depth * rule.Conditions.Count;
            }
            combinations += product;
        }
        if (combinations > MaxCombinations)
        {
            throw new FilterPolicyException("Filter policy is too complex");
        }
    }

    /// <summary>The policy as alternative AND-branches, <c>$or</c> distributed.</summary>
    private List<List<(string Path, int Depth, List<FilterCondition> Conditions)>> Expand()
    {
        var branches = new List<List<(string, int, List<FilterCondition>)>> { new(_rules) };
        foreach (var or in _ors)
        {
            var next = new List<List<(string, int, List<FilterCondition>)>>();
            foreach (var branch in branches)
            {
                foreach (var alternative in or)
                {
                    foreach (var sub in alternative.Expand())
                    {
                        next.Add([.. branch, .. sub]);
                    }
                }
            }
            branches = next;
            if (branches.Count > MaxCombinations)
            {
                throw new FilterPolicyException("Filter policy is too complex");
            }
        }
        return branches;
    }

    /// <summary>Matches a message given its values per key path (null: the key is absent).</summary>
    public bool Matches(Func<string, IReadOnlyList<FilterValue>?> lookup)
    {
        foreach (var (path, _, conditions) in _rules)
        {
            var values = lookup(path);
            var matched = false;
            foreach (var condition in conditions)
            {
                matched = values is null
                    ? condition.MatchesAbsent
                    : condition.MatchesAll(values) ?? values.Any(condition.Matches);
                if (matched)
                {
                    break;
                }
            }
            if (!matched)
            {
                return false;
            }
        }
        return _ors.All(or => or.Any(alternative => alternative.Matches(lookup)));
    }
}
