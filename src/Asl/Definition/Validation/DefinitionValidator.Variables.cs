using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Sluice.Asl.Definition.Validation;

internal sealed partial class DefinitionValidator
{
    /// <param name="scope">
    /// Where the names are assigned; null for a catcher's Assign, which AWS accepts even when the
    /// failed Parallel's or Map's own branches assign the same names (a recorded definition does).
    /// </param>
    private void CheckAssign(JsonNode? node, string at, bool jsonata, ProgramScope? scope)
    {
        if (node is not JsonObject assign)
        {
            Add(ValidationRules.AssignObject, at, "The value for the field 'Assign' must be a JSON object");
            return;
        }

        foreach (var (key, value) in assign)
        {
            var name = !jsonata && key.EndsWith(".$", StringComparison.Ordinal) ? key[..^2] : key;
            if (!jsonata && name.Length != key.Length)
            {
                if (!JsonValues.TryString(value, out var expr) || !IsValidExpression(expr))
                {
                    Add(ValidationRules.TemplateValues, at, $"The value for the field '{key}' must be a valid JSONPath or a valid intrinsic function call");
                }
            }
            else if (jsonata)
            {
                CheckJsonataValue(value, $"{at}/{key}");
            }
            else
            {
                CheckTemplate(new JsonObject { [key] = value?.DeepClone() }, at);
            }

            if (name.Contains('.', StringComparison.Ordinal) || name.Contains('[', StringComparison.Ordinal))
            {
                Add(ValidationRules.VariableName, at, $"The variable name '{name}' cannot assign to a sub-path: assign the whole variable");
            }
            else if (name.Length is 0 or > 80 || !VariableNamePattern().IsMatch(name))
            {
                Add(ValidationRules.VariableName, at, $"The variable name '{name}' is invalid: it must start with a letter or underscore, contain only letters, digits and underscores, and be at most 80 characters");
            }
            else if (name == "states")
            {
                Add(ValidationRules.VariableName, at, "The variable name 'states' is reserved");
            }
            else
            {
                scope?.Assign(name, at);
            }
        }
    }

    /// <summary>An inner scope cannot assign a variable that an enclosing scope assigns.</summary>
    private void CheckVariableScopes(ProgramScope scope)
    {
        foreach (var child in scope.Children)
        {
            foreach (var (name, location) in child.Assigned)
            {
                for (var outer = scope; outer is not null; outer = outer.Parent)
                {
                    if (outer.Assigned.ContainsKey(name))
                    {
                        Add(ValidationRules.VariableScope, location, $"The variable '{name}' is assigned in an outer scope; a Parallel branch or Map iteration can read it but cannot assign it");
                        break;
                    }
                }
            }

            CheckVariableScopes(child);
        }
    }

    [GeneratedRegex(@"^[\p{L}_][\p{L}\p{Nd}_]*$")]
    private static partial Regex VariableNamePattern();
}
