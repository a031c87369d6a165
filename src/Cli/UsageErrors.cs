using System.CommandLine;
using System.CommandLine.Parsing;

namespace Sluice.Cli;

/// <summary>
/// One line for a command line that did not parse: an unknown command or option with the closest
/// known name, else System.CommandLine's first error; always naming the help to read.
/// </summary>
internal static class UsageErrors
{
    public static string Describe(ParseResult result)
    {
        var command = result.CommandResult;
        var path = Path(command);
        var help = $"(see '{path} --help')";
        // An unknown --option where the command takes an argument is read as that argument.
        var misread = command.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens).Select(t => t.Value)
            .FirstOrDefault(v => v.StartsWith("--", StringComparison.Ordinal));
        if (misread is not null)
        {
            var name = misread.Split('=', 2)[0];
            return $"unknown option '{name}' for '{path}'{Suggest(name, OptionNames(command))} {help}";
        }

        if (result.UnmatchedTokens.Count > 0)
        {
            var token = result.UnmatchedTokens[0];
            if (token.StartsWith('-') && !IsNumber(token))
            {
                var name = token.Split('=', 2)[0];
                return $"unknown option '{name}' for '{path}'{Suggest(name, OptionNames(command))} {help}";
            }

            if (command.Command.Subcommands.Count > 0)
            {
                return $"unknown command '{token}'{Suggest(token, command.Command.Subcommands.Select(c => c.Name))} {help}";
            }

            return $"unexpected argument '{token}' for '{path}' {help}";
        }

        var message = result.Errors[0].Message.TrimEnd('.');
        const string Missing = "Required argument missing for option: ";
        if (message.StartsWith(Missing, StringComparison.Ordinal))
        {
            message = $"{message[Missing.Length..].Trim('\'')} needs a value";
        }

        return $"{message} {help}";
    }

    /// <summary>The name within edit distance of a third of its length (at least 2), or that starts with the typed text.</summary>
    internal static string? Closest(string typed, IEnumerable<string> names)
    {
        var best = names
            .Select(n => (Name: n, Distance: Distance(typed, n)))
            .Where(c => c.Distance <= Math.Max(2, c.Name.Length / 3) || (typed.TrimStart('-').Length >= 3 && c.Name.StartsWith(typed, StringComparison.Ordinal)))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Name;
    }

    private static string Suggest(string typed, IEnumerable<string> names) =>
        Closest(typed, names) is { } name ? $"; did you mean '{name}'?" : string.Empty;

    private static IEnumerable<string> OptionNames(CommandResult command)
    {
        var names = new List<string>(command.Command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)));
        for (var parent = command.Parent as CommandResult; parent is not null; parent = parent.Parent as CommandResult)
        {
            names.AddRange(parent.Command.Options.Where(o => o.Recursive).SelectMany(o => o.Aliases.Prepend(o.Name)));
        }

        return names.Where(n => n.StartsWith("--", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal);
    }

    private static string Path(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? at = command; at is CommandResult c; at = c.Parent)
        {
            names.Insert(0, c.Command is RootCommand ? "sluice" : c.Command.Name);
        }

        return string.Join(' ', names);
    }

    private static bool IsNumber(string token) => double.TryParse(token, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);

    // Levenshtein distance, two rows.
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), substitution);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
