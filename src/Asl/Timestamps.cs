using System.Globalization;
using System.Text.RegularExpressions;

namespace Sluice.Asl;

/// <summary>RFC 3339 timestamps as the Wait state accepts them: a 'T', seconds, and a zone.</summary>
internal static partial class Timestamps
{
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        if (!Rfc3339().IsMatch(text))
        {
            return false;
        }

        // .NET parses at most seven fraction digits; AWS accepts nanoseconds.
        var trimmed = Fraction().Replace(text, m => m.Value.Length > 8 ? m.Value[..8] : m.Value);
        return DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex Rfc3339();

    [GeneratedRegex(@"\.\d+")]
    private static partial Regex Fraction();
}
