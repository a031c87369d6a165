using System.Globalization;
using System.Text.RegularExpressions;

namespace Sluice.Jsonata;

/// <summary>Numeric and aggregation functions.</summary>
internal static partial class Functions
{
    public static object? Number(object? arg)
    {
        switch (arg)
        {
            case null:
                return null;
            case double d:
                return d;
            case string s when DecimalNumber().IsMatch(s):
                var value = double.Parse(s, CultureInfo.InvariantCulture);
                if (double.IsFinite(value))
                {
                    return value;
                }
                break;
            case string s when PrefixedNumber().IsMatch(s):
                var radix = char.ToLowerInvariant(s[1]) switch { 'x' => 16, 'o' => 8, _ => 2 };
                return (double)Convert.ToInt64(s[2..], radix);
            case bool b:
                return b ? 1.0 : 0.0;
        }
        throw new JsonataException("D3030") { Index = 1 }.WithValue(arg);
    }

    /// <summary>JavaScript's Math.round (half up), then half to even as $round specifies.</summary>
    public static object? Round(double? arg, double? precision)
    {
        if (arg is not { } value)
        {
            return null;
        }
        var p = precision is { } pr && pr != 0 ? (int)pr : 0;
        if (p != 0)
        {
            value = Shift(value, p);
        }
        var result = Math.Floor(value + 0.5);
        var diff = result - value;
        if (Math.Abs(diff) == 0.5 && Math.Abs(result % 2) == 1)
        {
            result -= 1;
        }
        if (p != 0)
        {
            result = Shift(result, -p);
        }
        return result == 0 ? 0.0 : result;
    }

    /// <summary>+(mantissa + 'e' + (exponent + places)): a decimal shift without binary rounding error.</summary>
    private static double Shift(double value, int places)
    {
        var text = JsNumber.ToString(value);
        var parts = text.Split('e');
        var exponent = parts.Length > 1 ? int.Parse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        return double.Parse(parts[0] + "e" + (exponent + places).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    public static object? Power(double? arg, double exponent)
    {
        if (arg is not { } value)
        {
            return null;
        }
        var result = Math.Pow(value, exponent);
        if (!double.IsFinite(result))
        {
            throw new JsonataException("D3061") { Index = 1, Exponent = exponent }.WithValue(value);
        }
        return result;
    }

    public static object? Sqrt(double? arg)
    {
        if (arg is not { } value)
        {
            return null;
        }
        if (value < 0)
        {
            throw new JsonataException("D3060") { Index = 1 }.WithValue(value);
        }
        return Math.Sqrt(value);
    }

    public static object? FormatBase(double? arg, double? radix)
    {
        if (arg is not { } value)
        {
            return null;
        }
        value = (double)Round(value, null)!;
        var r = radix is { } given ? (double)Round(given, null)! : 10;
        if (r < 2 || r > 36)
        {
            throw new JsonataException("D3100").WithValue(r);
        }
        var negative = value < 0;
        var n = (ulong)Math.Abs(value);
        if (n == 0)
        {
            return "0";
        }
        var digits = new List<char>();
        while (n > 0)
        {
            var d = (int)(n % (ulong)r);
            digits.Add((char)(d < 10 ? '0' + d : 'a' + d - 10));
            n /= (ulong)r;
        }
        digits.Reverse();
        return (negative ? "-" : "") + new string(digits.ToArray());
    }

    public static object? Sum(JsonataArray? args) => args is null ? null : args.Sum(v => (double)v!);

    public static object? Max(JsonataArray? args) => args is null || args.Count == 0 ? null : args.Max(v => (double)v!);

    public static object? Min(JsonataArray? args) => args is null || args.Count == 0 ? null : args.Min(v => (double)v!);

    public static object? Average(JsonataArray? args) => args is null || args.Count == 0 ? null : args.Sum(v => (double)v!) / args.Count;

    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]+)?([Ee][-+]?[0-9]+)?$")]
    private static partial Regex DecimalNumber();

    [GeneratedRegex("^((0[xX][0-9A-Fa-f]+)|(0[oO][0-7]+)|(0[bB][0-1]+))$")]
    private static partial Regex PrefixedNumber();
}
