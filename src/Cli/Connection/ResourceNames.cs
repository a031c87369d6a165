namespace Sluice.Cli.Connection;

/// <summary>
/// The default stream and state machine names. The template names them <c>!Sub ${AWS::StackName}-...</c>,
/// so a stack's names follow from the template and the stack name alone, locally and on AWS; the
/// template is read from infra/template.yaml (searched upward from the working directory) so a
/// rename there needs no change here, with the names as of writing when no template is found.
/// </summary>
internal static class ResourceNames
{
    /// <summary>The stack name samconfig.toml deploys by default.</summary>
    public const string DefaultStack = "sluice-dev";

    private const string StackNameToken = "${AWS::StackName}";

    public static string Stream(string stack, string workingDirectory) =>
        Name("OrderStream", stack, workingDirectory, StackNameToken + "-orders");

    public static string StateMachine(string stack, string workingDirectory) =>
        Name("OrderFulfilmentStateMachine", stack, workingDirectory, StackNameToken + "-order-fulfilment");

    /// <summary>The alias of the key the workflow signs outcomes with.</summary>
    public static string OutcomeKey(string stack, string workingDirectory) =>
        Name("OutcomeKeyAlias", stack, workingDirectory, "alias/" + StackNameToken + "-outcomes", "AliasName");

    private static string Name(string logicalId, string stack, string workingDirectory, string fallback, string property = "Name")
    {
        var pattern = FindTemplate(workingDirectory) is { } template ? NamePattern(File.ReadAllLines(template), logicalId, property) ?? fallback : fallback;
        return pattern.Replace(StackNameToken, stack, StringComparison.Ordinal);
    }

    internal static string? FindTemplate(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "infra", "template.yaml");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The <c>Name: !Sub ...</c> (or plain <c>Name:</c>, or another <paramref name="property"/>) of a resource's properties.</summary>
    internal static string? NamePattern(IReadOnlyList<string> lines, string logicalId, string property = "Name")
    {
        var header = "  " + logicalId + ":";
        var start = -1;
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].TrimEnd() == header)
            {
                start = i;
                break;
            }
        }

        for (var i = start + 1; start >= 0 && i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Length > 2 && line[2] != ' ' && line[2] != '#' && !string.IsNullOrWhiteSpace(line))
            {
                break;
            }

            var trimmed = line.Trim();
            if (trimmed.StartsWith(property + ":", StringComparison.Ordinal))
            {
                var value = trimmed[(property.Length + 1)..].Trim();
                if (value.StartsWith("!Sub", StringComparison.Ordinal))
                {
                    value = value["!Sub".Length..].Trim();
                }

                return value.Trim('"', '\'');
            }
        }

        return null;
    }
}
