using System.Globalization;
using System.Text;

namespace Sluice.Jsonata;

/// <summary>$formatInteger and $parseInteger, and the integer parts of date/time pictures.</summary>
internal static partial class IntegerFormatter
{
    private static readonly string[] s_few =
    [
        "Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven", "Twelve",
        "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen",
    ];

    private static readonly string[] s_ordinals =
    [
        "Zeroth", "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth",
        "Eleventh", "Twelfth", "Thirteenth", "Fourteenth", "Fifteenth", "Sixteenth", "Seventeenth", "Eighteenth", "Nineteenth",
    ];

    private static readonly string[] s_decades = ["Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety", "Hundred"];

    private static readonly string[] s_magnitudes = ["Thousand", "Million", "Billion", "Trillion"];

    private static readonly (int Value, string Numeral)[] s_roman =
    [
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"),
        (5, "v"), (4, "iv"), (1, "i"),
    ];

    private static readonly int[] s_decimalGroups =
    [
        0x30, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0DE6, 0x0E50,
        0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620,
        0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    ];

    public static string Format(double value, string picture) => Format(Math.Floor(value), Analyse(picture));

    public static string Format(double value, IntegerFormat format)
    {
        var negative = value < 0;
        value = Math.Abs(value);
        string formatted;
        switch (format.Primary)
        {
            case "letters":
                formatted = ToLetters((long)value, format.Case == "upper" ? 'A' : 'a');
                break;
            case "roman":
                formatted = ToRoman((long)value);
                if (format.Case == "upper")
                {
                    formatted = formatted.ToUpperInvariant();
                }
                break;
            case "words":
                formatted = ToWords(value, format.Ordinal);
                if (format.Case == "upper")
                {
                    formatted = formatted.ToUpperInvariant();
                }
                else if (format.Case == "lower")
                {
                    formatted = formatted.ToLowerInvariant();
                }
                break;
            case "decimal":
                formatted = FormatDecimal(value, format);
                break;
            default:
                throw new JsonataException("D3130").WithValue(format.Token);
        }
        return negative ? "-" + formatted : formatted;
    }

    private static string FormatDecimal(double value, IntegerFormat format)
    {
        var formatted = JsNumber.ToString(value);
        if (format.MandatoryDigits > formatted.Length)
        {
            formatted = new string('0', format.MandatoryDigits - formatted.Length) + formatted;
        }
        if (format.ZeroCode != 0x30)
        {
            var shifted = new StringBuilder();
            foreach (var c in formatted)
            {
                shifted.Append(char.ConvertFromUtf32(c + format.ZeroCode - 0x30));
            }
            formatted = shifted.ToString();
        }
        if (format.Regular)
        {
            var (position, character) = format.GroupingSeparators[0];
            var n = (formatted.Length - 1) / position;
            for (var ii = n; ii > 0; ii--)
            {
                var pos = formatted.Length - ii * position;
                formatted = formatted[..pos] + character + formatted[pos..];
            }
        }
        else
        {
            foreach (var (position, character) in Enumerable.Reverse(format.GroupingSeparators))
            {
                var pos = formatted.Length - position;
                if (pos >= 0 && pos <= formatted.Length)
                {
                    formatted = formatted[..pos] + character + formatted[pos..];
                }
            }
        }
        if (format.Ordinal)
        {
            var last = formatted[^1];
            var suffix = last switch { '1' => "st", '2' => "nd", '3' => "rd", _ => "th" };
            if (formatted.Length > 1 && formatted[^2] == '1')
            {
                suffix = "th";
            }
            formatted += suffix;
        }
        return formatted;
    }

    public static IntegerFormat Analyse(string picture)
    {
        var format = new IntegerFormat();
        string primary;
        var semicolon = picture.LastIndexOf(';');
        if (semicolon == -1)
        {
            primary = picture;
        }
        else
        {
            primary = picture[..semicolon];
            var modifier = picture[(semicolon + 1)..];
            if (modifier.StartsWith('o'))
            {
                format.Ordinal = true;
            }
        }
        switch (primary)
        {
            case "A":
                format.Case = "upper";
                format.Primary = "letters";
                return format;
            case "a":
                format.Primary = "letters";
                return format;
            case "I":
                format.Case = "upper";
                format.Primary = "roman";
                return format;
            case "i":
                format.Primary = "roman";
                return format;
            case "W":
                format.Case = "upper";
                format.Primary = "words";
                return format;
            case "Ww":
                format.Case = "title";
                format.Primary = "words";
                return format;
            case "w":
                format.Primary = "words";
                return format;
        }
        int? zeroCode = null;
        var mandatory = 0;
        var optional = 0;
        var separators = new List<(int, string)>();
        var separatorPosition = 0;
        var codePoints = Functions.CodePoints(primary).Select(c => char.ConvertToUtf32(c, 0)).Reverse();
        foreach (var codePoint in codePoints)
        {
            var digit = false;
            foreach (var group in s_decimalGroups)
            {
                if (codePoint >= group && codePoint <= group + 9)
                {
                    digit = true;
                    mandatory++;
                    separatorPosition++;
                    if (zeroCode is null)
                    {
                        zeroCode = group;
                    }
                    else if (group != zeroCode)
                    {
                        throw new JsonataException("D3131");
                    }
                    break;
                }
            }
            if (digit)
            {
                continue;
            }
            if (codePoint == '#')
            {
                separatorPosition++;
                optional++;
            }
            else
            {
                separators.Add((separatorPosition, char.ConvertFromUtf32(codePoint)));
            }
        }
        if (mandatory == 0)
        {
            format.Primary = "sequence";
            format.Token = primary;
            return format;
        }
        format.Primary = "decimal";
        format.ZeroCode = zeroCode!.Value;
        format.MandatoryDigits = mandatory;
        format.OptionalDigits = optional;
        var regular = RegularRepeat(separators);
        if (regular > 0)
        {
            format.Regular = true;
            format.GroupingSeparators = [(regular, separators[0].Item2)];
        }
        else
        {
            format.GroupingSeparators = separators;
        }
        return format;
    }

    private static int RegularRepeat(List<(int Position, string Character)> separators)
    {
        if (separators.Count == 0 || separators.Any(s => s.Character != separators[0].Character))
        {
            return 0;
        }
        var indexes = separators.Select(s => s.Position).ToList();
        static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
        var factor = indexes.Aggregate(Gcd);
        for (var index = 1; index <= indexes.Count; index++)
        {
            if (!indexes.Contains(index * factor))
            {
                return 0;
            }
        }
        return factor;
    }

    private static string ToLetters(long value, char a)
    {
        var letters = new StringBuilder();
        while (value > 0)
        {
            letters.Insert(0, (char)((value - 1) % 26 + a));
            value = (value - 1) / 26;
        }
        return letters.ToString();
    }

    private static string ToRoman(long value)
    {
        var result = new StringBuilder();
        foreach (var (number, numeral) in s_roman)
        {
            while (value >= number)
            {
                result.Append(numeral);
                value -= number;
            }
        }
        return result.ToString();
    }

    private static string ToWords(double value, bool ordinal) => Lookup(value, false, ordinal);

    private static string Lookup(double num, bool prev, bool ord)
    {
        string words;
        if (num <= 19)
        {
            words = (prev ? " and " : "") + (ord ? s_ordinals[(int)num] : s_few[(int)num]);
        }
        else if (num < 100)
        {
            var tens = (int)Math.Floor(num / 10);
            var remainder = num % 10;
            words = (prev ? " and " : "") + s_decades[tens - 2];
            if (remainder > 0)
            {
                words += "-" + Lookup(remainder, false, ord);
            }
            else if (ord)
            {
                words = words[..^1] + "ieth";
            }
        }
        else if (num < 1000)
        {
            var hundreds = (int)Math.Floor(num / 100);
            var remainder = num % 100;
            words = (prev ? ", " : "") + s_few[hundreds] + " Hundred";
            if (remainder > 0)
            {
                words += Lookup(remainder, true, ord);
            }
            else if (ord)
            {
                words += "th";
            }
        }
        else
        {
            var mag = (int)Math.Floor(Math.Log10(num) / 3);
            if (mag > s_magnitudes.Length)
            {
                mag = s_magnitudes.Length;
            }
            var factor = Math.Pow(10, mag * 3);
            var mant = Math.Floor(num / factor);
            var remainder = num - mant * factor;
            words = (prev ? ", " : "") + Lookup(mant, false, false) + " " + s_magnitudes[mag - 1];
            if (remainder > 0)
            {
                words += Lookup(remainder, true, ord);
            }
            else if (ord)
            {
                words += "th";
            }
        }
        return words;
    }

    internal static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
