using System.Text.Json.Nodes;

namespace Sluice.Asl.Definition.Validation;

internal sealed partial class DefinitionValidator
{
    private enum Operand
    {
        String,
        Number,
        Boolean,
        Timestamp,
        Path,
    }

    private static readonly Dictionary<string, Operand> s_operators = BuildOperators();

    private static Dictionary<string, Operand> BuildOperators()
    {
        var operators = new Dictionary<string, Operand>(StringComparer.Ordinal) { ["StringMatches"] = Operand.String };
        foreach (var (prefix, kind) in new[] { ("String", Operand.String), ("Numeric", Operand.Number), ("Timestamp", Operand.Timestamp) })
        {
            foreach (var suffix in new[] { "Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals" })
            {
                operators[prefix + suffix] = kind;
                operators[prefix + suffix + "Path"] = Operand.Path;
            }
        }

        operators["BooleanEquals"] = Operand.Boolean;
        operators["BooleanEqualsPath"] = Operand.Path;
        foreach (var test in new[] { "IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp" })
        {
            operators[test] = Operand.Boolean;
        }

        return operators;
    }

    private void CheckChoice(JsonObject state, string at, bool jsonata, ProgramScope scope)
    {
        if (state.TryGetPropertyValue("Default", out var fallback) && !(JsonValues.TryString(fallback, out var d) && d.Length > 0))
        {
            TypeError(fallback, $"{at}/Default", "String");
        }

        if (!state.TryGetPropertyValue("Choices", out var node))
        {
            Add(ValidationRules.ChoiceFields, at, "These fields are required: [Choices]");
            return;
        }

        if (node is not JsonArray choices)
        {
            TypeError(node, $"{at}/Choices", "Array");
            return;
        }

        if (choices.Count == 0)
        {
            Add(ValidationRules.ChoiceFields, $"{at}/Choices", "Value cannot be empty");
            return;
        }

        for (var i = 0; i < choices.Count; i++)
        {
            var ruleAt = $"{at}/Choices[{i}]";
            if (choices[i] is not JsonObject rule)
            {
                TypeError(choices[i], ruleAt, "Object");
            }
            else if (jsonata)
            {
                CheckJsonataRule(rule, ruleAt, scope);
            }
            else
            {
                CheckRule(rule, ruleAt, topLevel: true, scope);
            }
        }
    }

    private void CheckJsonataRule(JsonObject rule, string at, ProgramScope scope)
    {
        foreach (var (key, value) in rule)
        {
            if (key is "Condition" or "Next" or "Comment")
            {
                continue;
            }

            if (key == "Assign")
            {
                CheckAssign(value, $"{at}/Assign", jsonata: true, scope);
            }
            else if (key == "Output")
            {
                CheckJsonataValue(value, $"{at}/Output");
            }
            else if (key is "Variable" or "And" or "Or" or "Not" || s_operators.ContainsKey(key))
            {
                Add(ValidationRules.RuleCondition, at, $"The field '{key}' is not supported by Step Functions when the QueryLanguage is JSONata");
            }
            else
            {
                NotSupported(ValidationRules.RuleFields, key, at);
            }
        }

        if (!rule.TryGetPropertyValue("Condition", out var condition))
        {
            Add(ValidationRules.RuleCondition, at, "These fields are required: [Condition]");
        }
        else if (!JsonValues.TryBoolean(condition, out _))
        {
            if (IsJsonataExpression(condition))
            {
                CheckJsonataString(condition!.GetValue<string>(), $"{at}/Condition");
            }
            else
            {
                Add(ValidationRules.RuleCondition, $"{at}/Condition", "The value for the field 'Condition' must be a boolean or a JSONata expression");
            }
        }

        CheckRuleNext(rule, at);
    }

    private void CheckRuleNext(JsonObject rule, string at)
    {
        if (!rule.TryGetPropertyValue("Next", out var next))
        {
            Add(ValidationRules.RuleNext, at, "These fields are required: [Next]");
        }
        else if (!(JsonValues.TryString(next, out var n) && n.Length > 0))
        {
            TypeError(next, $"{at}/Next", "String");
        }
    }

    private void CheckRule(JsonObject rule, string at, bool topLevel, ProgramScope scope)
    {
        var operators = new List<string>();
        var combinators = new List<string>();
        foreach (var (key, value) in rule)
        {
            switch (key)
            {
                case "Variable" or "Comment":
                    break;
                case "Next" or "Assign" when !topLevel:
                    Add(ValidationRules.NestedRule, at, $"The field '{key}' is not supported in a nested choice rule (inside And, Or or Not)");
                    break;
                case "Next":
                    break;
                case "Assign":
                    CheckAssign(value, $"{at}/Assign", jsonata: false, scope);
                    break;
                case "And" or "Or" or "Not":
                    combinators.Add(key);
                    break;
                case "Condition":
                    Add(ValidationRules.JsonataOnly, at, "The field 'Condition' is not supported by Step Functions when the QueryLanguage is JSONPath");
                    break;
                default:
                    if (s_operators.ContainsKey(key))
                    {
                        operators.Add(key);
                    }
                    else
                    {
                        NotSupported(ValidationRules.RuleFields, key, at);
                    }

                    break;
            }
        }

        if (topLevel)
        {
            CheckRuleNext(rule, at);
        }

        if (operators.Count + combinators.Count != 1)
        {
            Add(ValidationRules.RuleOperator, at, operators.Count + combinators.Count == 0
                ? "A choice rule must have a comparison operator, And, Or or Not"
                : $"A choice rule must have exactly one of a comparison operator, And, Or or Not, but has: [{string.Join(", ", operators.Concat(combinators))}]");
        }

        if (combinators.Count > 0)
        {
            if (rule.ContainsKey("Variable"))
            {
                Add(ValidationRules.RuleVariable, at, "The field 'Variable' is not supported in a choice rule with And, Or or Not");
            }

            foreach (var combinator in combinators)
            {
                CheckCombinator(rule[combinator], combinator, $"{at}/{combinator}", scope);
            }
        }

        if (operators.Count > 0)
        {
            if (!rule.TryGetPropertyValue("Variable", out var variable))
            {
                Add(ValidationRules.RuleVariable, at, "These fields are required: [Variable]");
            }
            else
            {
                CheckReferencePath(variable, $"{at}/Variable", "Variable", allowIntrinsic: false);
            }

            foreach (var op in operators)
            {
                CheckOperand(op, rule[op], $"{at}/{op}");
            }
        }
    }

    private void CheckCombinator(JsonNode? node, string combinator, string at, ProgramScope scope)
    {
        if (combinator == "Not")
        {
            if (node is JsonObject inner)
            {
                CheckRule(inner, at, topLevel: false, scope);
            }
            else
            {
                Add(ValidationRules.RuleCombinators, at, "The value for the field 'Not' must be a choice rule object");
            }

            return;
        }

        if (node is not JsonArray { Count: > 0 } rules)
        {
            Add(ValidationRules.RuleCombinators, at, $"The value for the field '{combinator}' must be a non-empty array of choice rules");
            return;
        }

        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i] is JsonObject inner)
            {
                CheckRule(inner, $"{at}[{i}]", topLevel: false, scope);
            }
            else
            {
                Add(ValidationRules.RuleCombinators, $"{at}[{i}]", "Expected value of type Object");
            }
        }
    }

    private void CheckOperand(string op, JsonNode? operand, string at)
    {
        var valid = s_operators[op] switch
        {
            Operand.String => JsonValues.TryString(operand, out _),
            Operand.Number => JsonValues.TryNumber(operand, out _),
            Operand.Boolean => JsonValues.TryBoolean(operand, out _),
            Operand.Timestamp => JsonValues.TryString(operand, out var stamp) && Timestamps.TryParse(stamp, out _),
            _ => JsonValues.TryString(operand, out var path) && IsValidPath(path),
        };
        if (!valid)
        {
            Add(ValidationRules.RuleOperand, at, s_operators[op] switch
            {
                Operand.String => $"The value for the field '{op}' must be a String",
                Operand.Number => $"The value for the field '{op}' must be a Number",
                Operand.Boolean => $"The value for the field '{op}' must be a Boolean",
                Operand.Timestamp => $"The value for the field '{op}' must be a valid RFC3339 timestamp",
                _ => $"The value for the field '{op}' must be a valid JSONPath",
            });
        }
    }
}
