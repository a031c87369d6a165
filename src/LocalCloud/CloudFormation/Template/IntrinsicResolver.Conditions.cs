using System.Text.Json.Nodes;

namespace Sluice.LocalCloud.CloudFormation.Template;

internal sealed partial class IntrinsicResolver
{
    private readonly JsonObject _conditions;
    private readonly Dictionary<string, bool> _conditionValues = new(StringComparer.Ordinal);
    private readonly HashSet<string> _evaluating = new(StringComparer.Ordinal);

    /// <summary>The value of a named condition (evaluated once; a condition that depends on itself is an error).</summary>
    public bool Condition(string name, string where)
    {
        if (_conditionValues.TryGetValue(name, out var known))
        {
            return known;
        }
        if (!_conditions.TryGetPropertyValue(name, out var definition))
        {
            throw new TemplateException($"{where}: no condition named {name} in Conditions");
        }
        if (!_evaluating.Add(name))
        {
            throw new TemplateException($"Conditions.{name}: circular condition ({string.Join(" -> ", _evaluating)} -> {name})");
        }
        var value = ConditionValue(definition, $"Conditions.{name}");
        _evaluating.Remove(name);
        _conditionValues[name] = value;
        return value;
    }

    private bool ConditionValue(JsonNode? node, string where)
    {
        if (FunctionName(node) is { } function && function is "Fn::Equals" or "Fn::Not" or "Fn::And" or "Fn::Or" or "Condition")
        {
            return BooleanFunction(function, node![function], where);
        }
        var resolved = Resolve(node, where);
        return TemplateValues.Text(resolved, where) switch
        {
            "true" => true,
            "false" => false,
            var other => throw new TemplateException($"{where}: a condition must be Fn::Equals, Fn::Not, Fn::And, Fn::Or or Condition, found '{other}'"),
        };
    }

    private bool BooleanFunction(string name, JsonNode? argument, string where)
    {
        switch (name)
        {
            case "Condition":
                return Condition(TemplateValues.Text(argument, where), where);
            case "Fn::Equals":
                if (argument is not JsonArray { Count: 2 } pair)
                {
                    throw new TemplateException($"{where}: Fn::Equals takes [value, value]");
                }
                var left = Resolve(pair[0], where);
                var right = Resolve(pair[1], where);
                return left is JsonValue && right is JsonValue
                    ? TemplateValues.Text(left, where) == TemplateValues.Text(right, where)
                    : JsonNode.DeepEquals(left, right);
            case "Fn::Not":
                if (argument is not JsonArray { Count: 1 } single)
                {
                    throw new TemplateException($"{where}: Fn::Not takes [condition]");
                }
                return !ConditionValue(single[0], where);
            default:
                if (argument is not JsonArray { Count: >= 2 and <= 10 } list)
                {
                    throw new TemplateException($"{where}: {name} takes between 2 and 10 conditions");
                }
                return name == "Fn::And"
                    ? list.All(c => ConditionValue(c, where))
                    : list.Any(c => ConditionValue(c, where));
        }
    }
}
