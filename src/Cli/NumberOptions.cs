using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Sluice.Cli;

/// <summary>
/// Numeric options that check their own values: a value that is not a number, out of range or
/// missing becomes a parse error of one line naming the option and what it takes (exit code 2),
/// never an exception. Validators that read a value System.CommandLine could not convert throw,
/// so the range check lives in the parser.
/// </summary>
internal static class NumberOptions
{
    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; help shows the default.</summary>
    public static Option<int> Int(string name, string description, int defaultValue, int min, int max) =>
        new(name)
        {
            Description = description,
            HelpName = "n",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r => ParseInt(r, name, min, max) ?? defaultValue,
        };

    /// <summary>An optional whole number; its description says what happens without it.</summary>
    public static Option<int?> OptionalInt(string name, string description, int min, int max) =>
        new(name)
        {
            Description = description,
            HelpName = "n",
            CustomParser = r => ParseInt(r, name, min, max),
        };

    /// <summary>A number from <paramref name="min"/> to <paramref name="max"/> (fractions allowed).</summary>
    public static Option<double> Double(string name, string description, double defaultValue, double min, double max) =>
        new(name)
        {
            Description = description,
            HelpName = "n",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r => ParseDouble(r, name, min, max) ?? defaultValue,
        };

    public static Option<double?> OptionalDouble(string name, string description, double min, double max) =>
        new(name)
        {
            Description = description,
            HelpName = "n",
            CustomParser = r => ParseDouble(r, name, min, max),
        };

    private static int? ParseInt(ArgumentResult result, string name, int min, int max)
    {
        if (Token(result, name) is not { } text)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            result.AddError($"{name} takes a whole number from {Show(min)} to {Show(max)}, not '{text}'");
            return null;
        }

        return value;
    }

    private static double? ParseDouble(ArgumentResult result, string name, double min, double max)
    {
        if (Token(result, name) is not { } text)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < min || value > max)
        {
            result.AddError($"{name} takes a number from {Show(min)} to {Show(max)}, not '{text}'");
            return null;
        }

        return value;
    }

    private static string? Token(ArgumentResult result, string name)
    {
        if (result.Tokens.Count == 0)
        {
            result.AddError($"{name} needs a value");
            return null;
        }

        return result.Tokens[^1].Value.Trim();
    }

    private static string Show(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
