using System.Globalization;
using System.Text.RegularExpressions;

namespace Sluice.Jsonata;

/// <summary>Reading integers back from the forms <see cref="IntegerFormatter"/> writes.</summary>
internal static partial class IntegerFormatter
{
    private static readonly Lazy<Dictionary<string, double>> s_wordValues = new(BuildWordValues);

    private static Dictionary<string, double> BuildWordValues()
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < s_few.Length; i++)
        {
            values[s_few[i].ToLowerInvariant()] = i;
        }
        for (var i = 0; i < s_ordinals.Length; i++)
        {
            values[s_ordinals[i].ToLowerInvariant()] = i;
        }
        for (var i = 0; i < s_decades.Length; i++)
        {
            var word = s_decades[i].ToLowerInvariant();
            values[word] = (i + 2) * 10;
            values[word[..^1] + "ieth"] = values[word];
        }
        values["hundredth"] = 100;
        for (var i = 0; i < s_magnitudes.Length; i++)
        {
            var word = s_magnitudes[i].ToLowerInvariant();
            var value = Math.Pow(10, (i + 1) * 3);
            values[word] = value;
            values[word + "th"] = value;
        }
        return values;
    }

    public static object? Parse(string value, string picture) => Matcher(Analyse(picture)).Parse(value);

    /// <summary>A regex that finds the integer in a larger text, and how to read the matched text.</summary>
    public sealed record IntegerMatcher(string Regex, Func<string, object?> Parse);

    public static IntegerMatcher Matcher(IntegerFormat format)
    {
        var isUpper = format.Case == "upper";
        switch (format.Primary)
        {
            case "letters":
                return new IntegerMatcher(isUpper ? "[A-Z]+" : "[a-z]+", v => LettersToDecimal(v, isUpper ? 'A' : 'a'));
            case "roman":
                return new IntegerMatcher(isUpper ? "[MDCLXVI]+" : "[mdclxvi]+", v => RomanToDecimal(isUpper ? v : v.ToUpperInvariant()));
            case "words":
                var alternatives = string.Join("|", s_wordValues.Value.Keys.Concat(["and", "[\\-, ]"]));
                return new IntegerMatcher("(?:" + alternatives + ")+", v => WordsToNumber(v.ToLowerInvariant()));
            case "decimal":
                var regex = "[0-9]" + (format.ParseWidth is { } width ? "{" + Invariant(width) + "}" : "+");
                if (format.Ordinal)
                {
                    regex += "(?:th|st|nd|rd)";
                }
                return new IntegerMatcher(regex, v => ParseDecimal(v, format));
            default:
                throw new JsonataException("D3130").WithValue(format.Token);
        }
    }

    private static object? ParseDecimal(string value, IntegerFormat format)
    {
        var digits = value;
        if (format.Ordinal && digits.Length >= 2)
        {
            digits = digits[..^2];
        }
        if (format.Regular)
        {
            digits = digits.Replace(",", "", StringComparison.Ordinal);
        }
        else
        {
            foreach (var (_, character) in format.GroupingSeparators)
            {
                digits = digits.Replace(character, "", StringComparison.Ordinal);
            }
        }
        if (format.ZeroCode != 0x30)
        {
            digits = string.Concat(Functions.CodePoints(digits).Select(c => char.ConvertFromUtf32(char.ConvertToUtf32(c, 0) - format.ZeroCode + 0x30)));
        }
        return ParseIntPrefix(digits);
    }

    /// <summary>JavaScript's parseInt(text): leading sign and digits; NaN when there are none.</summary>
    public static double ParseIntPrefix(string text)
    {
        var match = LeadingInteger().Match(text.TrimStart());
        return match.Success ? double.Parse(match.Value, CultureInfo.InvariantCulture) : double.NaN;
    }

    private static double LettersToDecimal(string letters, char a)
    {
        double result = 0;
        for (var i = 0; i < letters.Length; i++)
        {
            result += (letters[letters.Length - i - 1] - a + 1) * Math.Pow(26, i);
        }
        return result;
    }

    private static double RomanToDecimal(string roman)
    {
        double result = 0;
        var max = 1;
        for (var i = roman.Length - 1; i >= 0; i--)
        {
            var value = roman[i] switch { 'M' => 1000, 'D' => 500, 'C' => 100, 'L' => 50, 'X' => 10, 'V' => 5, 'I' => 1, _ => 0 };
            if (value < max)
            {
                result -= value;
            }
            else
            {
                max = value;
                result += value;
            }
        }
        return result;
    }

    private static double WordsToNumber(string text)
    {
        var parts = WordSeparators().Split(text);
        var segments = new List<double> { 0 };
        foreach (var part in parts)
        {
            if (!s_wordValues.Value.TryGetValue(part, out var value))
            {
                // An unknown word is undefined in the reference, which turns the sum into NaN.
                return double.NaN;
            }
            if (value < 100)
            {
                var top = segments[^1];
                segments.RemoveAt(segments.Count - 1);
                if (top >= 1000)
                {
                    segments.Add(top);
                    top = 0;
                }
                segments.Add(top + value);
            }
            else
            {
                var top = segments[^1];
                segments[^1] = top * value;
            }
        }
        return segments.Sum();
    }

    [GeneratedRegex(@",\s|\sand\s|[\s\\-]")]
    private static partial Regex WordSeparators();

    [GeneratedRegex(@"^[-+]?[0-9]+")]
    private static partial Regex LeadingInteger();
}
