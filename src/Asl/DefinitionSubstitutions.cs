using System.Text;

namespace Sluice.Asl;

/// <summary>
/// Applies a SAM/CloudFormation DefinitionSubstitutions map to an ASL document the way
/// CloudFormation does before CreateStateMachine: every <c>${Key}</c> becomes its value. A
/// placeholder without a value is an error, as it is in a CloudFormation deployment.
/// </summary>
public static class DefinitionSubstitutions
{
    public static string Apply(string definition, IReadOnlyDictionary<string, string> substitutions)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(substitutions);
        var sb = new StringBuilder(definition.Length);
        var i = 0;
        while (i < definition.Length)
        {
            var start = definition.IndexOf("${", i, StringComparison.Ordinal);
            if (start < 0)
            {
                sb.Append(definition, i, definition.Length - i);
                break;
            }

            var end = definition.IndexOf('}', start + 2);
            if (end < 0)
            {
                throw new FormatException($"Unclosed '${{' at position {start} of the definition.");
            }

            var key = definition[(start + 2)..end];
            if (!substitutions.TryGetValue(key, out var value))
            {
                throw new KeyNotFoundException($"The definition uses ${{{key}}} but DefinitionSubstitutions has no '{key}'.");
            }

            sb.Append(definition, i, start - i).Append(value);
            i = end + 1;
        }

        return sb.ToString();
    }
}
