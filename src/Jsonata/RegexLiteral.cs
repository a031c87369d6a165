using System.Text.RegularExpressions;

namespace Sluice.Jsonata;

/// <summary>A regular expression literal (<c>/ab+/i</c>), compiled once for .NET.</summary>
internal sealed class RegexLiteral
{
    public RegexLiteral(string pattern, string flags)
    {
        Pattern = pattern;
        Flags = flags;
        var options = RegexOptions.CultureInvariant;
        if (flags.Contains('i', StringComparison.Ordinal))
        {
            options |= RegexOptions.IgnoreCase;
        }
        if (flags.Contains('m', StringComparison.Ordinal))
        {
            options |= RegexOptions.Multiline;
        }
        Regex = new Regex(pattern, options);
    }

    public string Pattern { get; }

    public string Flags { get; }

    public Regex Regex { get; }
}
