using System.Globalization;
using System.Text;

namespace Sluice.Jsonata;

/// <summary>$formatNumber: XPath fn:format-number pictures, with the decimal-format properties an options object may override.</summary>
internal static class NumberFormatter
{
    private sealed class Properties
    {
        public string DecimalSeparator { get; set; } = ".";

        public string GroupingSeparator { get; set; } = ",";

        public string ExponentSeparator { get; set; } = "e";

        public string MinusSign { get; set; } = "-";

        public string Percent { get; set; } = "%";

        public string PerMille { get; set; } = "\u2030";

        public string ZeroDigit { get; set; } = "0";

        public string Digit { get; set; } = "#";

        public string PatternSeparator { get; set; } = ";";
    }

    private sealed record Parts(string Prefix, string Suffix, string ActivePart, string MantissaPart, string? ExponentPart, string IntegerPart, string FractionalPart, string SubPicture);

    private sealed record Picture(
        List<int> IntegerPartGroupingPositions,
        int RegularGrouping,
        int MinimumIntegerPartSize,
        int ScalingFactor,
        string Prefix,
        List<int> FractionalPartGroupingPositions,
        int MinimumFractionalPartSize,
        int MaximumFractionalPartSize,
        int MinimumExponentSize,
        string Suffix,
        string SubPicture);

    public static string Format(double value, string picture, JsonataObject? options)
    {
        var p = new Properties();
        if (options is not null)
        {
            foreach (var (key, raw) in options)
            {
                if (raw is not string text)
                {
                    continue;
                }
                switch (key)
                {
                    case "decimal-separator": p.DecimalSeparator = text; break;
                    case "grouping-separator": p.GroupingSeparator = text; break;
                    case "exponent-separator": p.ExponentSeparator = text; break;
                    case "minus-sign": p.MinusSign = text; break;
                    case "percent": p.Percent = text; break;
                    case "per-mille": p.PerMille = text; break;
                    case "zero-digit": p.ZeroDigit = text; break;
                    case "digit": p.Digit = text; break;
                    case "pattern-separator": p.PatternSeparator = text; break;
                }
            }
        }
        var zeroCode = p.ZeroDigit[0];
        var family = Enumerable.Range(0, 10).Select(i => ((char)(zeroCode + i)).ToString()).ToList();
        var active = family.Concat([p.DecimalSeparator, p.ExponentSeparator, p.GroupingSeparator, p.Digit, p.PatternSeparator]).ToList();
        bool IsActive(char c) => active.Contains(c.ToString());
        bool IsDigit(char c) => family.Contains(c.ToString());
        var subPictures = picture.Split(p.PatternSeparator);
        if (subPictures.Length > 2)
        {
            throw new JsonataException("D3080");
        }
        Parts Split(string sub)
        {
            var prefix = "";
            for (var i = 0; i < sub.Length; i++)
            {
                if (IsActive(sub[i]) && sub[i].ToString() != p.ExponentSeparator)
                {
                    prefix = sub[..i];
                    break;
                }
            }
            var suffix = "";
            for (var i = sub.Length - 1; i >= 0; i--)
            {
                if (IsActive(sub[i]) && sub[i].ToString() != p.ExponentSeparator)
                {
                    suffix = sub[(i + 1)..];
                    break;
                }
            }
            var activePart = sub.Substring(prefix.Length, Math.Max(0, sub.Length - suffix.Length - prefix.Length));
            string mantissa;
            string? exponent;
            var exponentPosition = sub.IndexOf(p.ExponentSeparator, Math.Min(prefix.Length, sub.Length), StringComparison.Ordinal);
            if (exponentPosition == -1 || exponentPosition > sub.Length - suffix.Length)
            {
                mantissa = activePart;
                exponent = null;
            }
            else
            {
                // The reference takes the position in the sub-picture as an offset into the active part.
                mantissa = JsSubstring(activePart, 0, exponentPosition);
                exponent = JsSubstring(activePart, exponentPosition + 1, activePart.Length);
            }
            var decimalPosition = mantissa.IndexOf(p.DecimalSeparator, StringComparison.Ordinal);
            var integer = decimalPosition == -1 ? mantissa : mantissa[..decimalPosition];
            var fractional = decimalPosition == -1 ? suffix : mantissa[(decimalPosition + 1)..];
            return new Parts(prefix, suffix, activePart, mantissa, exponent, integer, fractional, sub);
        }
        void Validate(Parts parts)
        {
            string? error = null;
            var sub = parts.SubPicture;
            var decimalPos = sub.IndexOf(p.DecimalSeparator, StringComparison.Ordinal);
            if (decimalPos != sub.LastIndexOf(p.DecimalSeparator, StringComparison.Ordinal))
            {
                error = "D3081";
            }
            if (sub.IndexOf(p.Percent, StringComparison.Ordinal) != sub.LastIndexOf(p.Percent, StringComparison.Ordinal))
            {
                error = "D3082";
            }
            if (sub.IndexOf(p.PerMille, StringComparison.Ordinal) != sub.LastIndexOf(p.PerMille, StringComparison.Ordinal))
            {
                error = "D3083";
            }
            if (sub.Contains(p.Percent, StringComparison.Ordinal) && sub.Contains(p.PerMille, StringComparison.Ordinal))
            {
                error = "D3084";
            }
            if (!parts.MantissaPart.Any(c => IsDigit(c) || c.ToString() == p.Digit))
            {
                error = "D3085";
            }
            if (parts.ActivePart.Any(c => !IsActive(c)))
            {
                error = "D3086";
            }
            if (decimalPos != -1)
            {
                if (CharAt(sub, decimalPos - 1) == p.GroupingSeparator || CharAt(sub, decimalPos + 1) == p.GroupingSeparator)
                {
                    error = "D3087";
                }
            }
            else if (parts.IntegerPart.Length > 0 && parts.IntegerPart[^1].ToString() == p.GroupingSeparator)
            {
                error = "D3088";
            }
            if (sub.Contains(p.GroupingSeparator + p.GroupingSeparator, StringComparison.Ordinal))
            {
                error = "D3089";
            }
            var optionalDigitPos = parts.IntegerPart.IndexOf(p.Digit, StringComparison.Ordinal);
            if (optionalDigitPos != -1 && parts.IntegerPart[..optionalDigitPos].Any(IsDigit))
            {
                error = "D3090";
            }
            optionalDigitPos = parts.FractionalPart.LastIndexOf(p.Digit, StringComparison.Ordinal);
            if (optionalDigitPos != -1 && parts.FractionalPart[optionalDigitPos..].Any(IsDigit))
            {
                error = "D3091";
            }
            var exponentExists = parts.ExponentPart is not null;
            if (exponentExists && parts.ExponentPart!.Length > 0 && (sub.Contains(p.Percent, StringComparison.Ordinal) || sub.Contains(p.PerMille, StringComparison.Ordinal)))
            {
                error = "D3092";
            }
            if (exponentExists && (parts.ExponentPart!.Length == 0 || parts.ExponentPart.Any(c => !IsDigit(c))))
            {
                error = "D3093";
            }
            if (error is not null)
            {
                throw new JsonataException(error);
            }
        }
        Picture Analyse(Parts parts)
        {
            List<int> GroupingPositions(string part, bool toLeft)
            {
                var positions = new List<int>();
                var groupingPosition = part.IndexOf(p.GroupingSeparator, StringComparison.Ordinal);
                while (groupingPosition != -1)
                {
                    var chars = toLeft ? part[..groupingPosition] : part[groupingPosition..];
                    positions.Add(chars.Count(c => IsDigit(c) || c.ToString() == p.Digit));
                    // The reference searches the integer part for the next separator, whichever part it scans.
                    groupingPosition = parts.IntegerPart.IndexOf(p.GroupingSeparator, Math.Min(groupingPosition + 1, parts.IntegerPart.Length), StringComparison.Ordinal);
                }
                return positions;
            }
            var integerPositions = GroupingPositions(parts.IntegerPart, false);
            static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
            var regular = 0;
            if (integerPositions.Count > 0)
            {
                var factor = integerPositions.Aggregate(Gcd);
                regular = factor;
                for (var index = 1; index <= integerPositions.Count; index++)
                {
                    if (!integerPositions.Contains(index * factor))
                    {
                        regular = 0;
                        break;
                    }
                }
            }
            var fractionalPositions = GroupingPositions(parts.FractionalPart, true);
            var minimumIntegerPartSize = parts.IntegerPart.Count(IsDigit);
            var scalingFactor = minimumIntegerPartSize;
            var minimumFractionalPartSize = parts.FractionalPart.Count(IsDigit);
            var maximumFractionalPartSize = parts.FractionalPart.Count(c => IsDigit(c) || c.ToString() == p.Digit);
            var exponentPresent = parts.ExponentPart is not null;
            if (minimumIntegerPartSize == 0 && maximumFractionalPartSize == 0)
            {
                if (exponentPresent)
                {
                    minimumFractionalPartSize = 1;
                    maximumFractionalPartSize = 1;
                }
                else
                {
                    minimumIntegerPartSize = 1;
                }
            }
            if (exponentPresent && minimumIntegerPartSize == 0 && parts.IntegerPart.Contains(p.Digit, StringComparison.Ordinal))
            {
                minimumIntegerPartSize = 1;
            }
            if (minimumIntegerPartSize == 0 && minimumFractionalPartSize == 0)
            {
                minimumFractionalPartSize = 1;
            }
            var minimumExponentSize = exponentPresent ? parts.ExponentPart!.Count(IsDigit) : 0;
            return new Picture(integerPositions, regular, minimumIntegerPartSize, scalingFactor, parts.Prefix, fractionalPositions,
                minimumFractionalPartSize, maximumFractionalPartSize, minimumExponentSize, parts.Suffix, parts.SubPicture);
        }
        var allParts = subPictures.Select(Split).ToList();
        allParts.ForEach(Validate);
        var variables = allParts.Select(Analyse).ToList();
        if (variables.Count == 1)
        {
            variables.Add(variables[0] with { Prefix = p.MinusSign + variables[0].Prefix });
        }
        var pic = value >= 0 ? variables[0] : variables[1];
        var adjusted = pic.SubPicture.Contains(p.Percent, StringComparison.Ordinal) ? value * 100
            : pic.SubPicture.Contains(p.PerMille, StringComparison.Ordinal) ? value * 1000
            : value;
        double mantissa;
        int? exponent = null;
        if (pic.MinimumExponentSize == 0)
        {
            mantissa = adjusted;
        }
        else
        {
            var maxMantissa = Math.Pow(10, pic.ScalingFactor);
            var minMantissa = Math.Pow(10, pic.ScalingFactor - 1);
            mantissa = adjusted;
            var e = 0;
            if (mantissa != 0)
            {
                while (Math.Abs(mantissa) < minMantissa)
                {
                    mantissa *= 10;
                    e -= 1;
                }
                while (Math.Abs(mantissa) > maxMantissa)
                {
                    mantissa /= 10;
                    e += 1;
                }
            }
            exponent = e;
        }
        var rounded = (double)Functions.Round(mantissa, pic.MaximumFractionalPartSize)!;
        string MakeString(double number, int dp)
        {
            var text = Math.Abs(number).ToString("F" + dp.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (p.ZeroDigit != "0")
            {
                text = string.Concat(text.Select(d => d is >= '0' and <= '9' ? family[d - '0'] : d.ToString()));
            }
            return text;
        }
        var s = MakeString(rounded, pic.MaximumFractionalPartSize);
        var dot = s.IndexOf('.', StringComparison.Ordinal);
        s = dot == -1 ? s + p.DecimalSeparator : ReplaceFirst(s, ".", p.DecimalSeparator);
        while (s.StartsWith(p.ZeroDigit, StringComparison.Ordinal))
        {
            s = s[p.ZeroDigit.Length..];
        }
        while (s.EndsWith(p.ZeroDigit, StringComparison.Ordinal))
        {
            s = s[..^p.ZeroDigit.Length];
        }
        var decimalPos = s.IndexOf(p.DecimalSeparator, StringComparison.Ordinal);
        var padLeft = pic.MinimumIntegerPartSize - decimalPos;
        var padRight = pic.MinimumFractionalPartSize - (s.Length - decimalPos - 1);
        s = (padLeft > 0 ? Repeat(p.ZeroDigit, padLeft) : "") + s + (padRight > 0 ? Repeat(p.ZeroDigit, padRight) : "");
        decimalPos = s.IndexOf(p.DecimalSeparator, StringComparison.Ordinal);
        if (pic.RegularGrouping > 0)
        {
            var groupCount = (decimalPos - 1) / pic.RegularGrouping;
            for (var group = 1; group <= groupCount; group++)
            {
                var at = decimalPos - group * pic.RegularGrouping;
                s = s[..at] + p.GroupingSeparator + s[at..];
            }
        }
        else
        {
            foreach (var pos in pic.IntegerPartGroupingPositions)
            {
                var at = Math.Clamp(decimalPos - pos, 0, s.Length);
                s = s[..at] + p.GroupingSeparator + s[at..];
                decimalPos++;
            }
        }
        decimalPos = s.IndexOf(p.DecimalSeparator, StringComparison.Ordinal);
        foreach (var pos in pic.FractionalPartGroupingPositions)
        {
            var at = Math.Clamp(pos + decimalPos + 1, 0, s.Length);
            s = s[..at] + p.GroupingSeparator + s[at..];
        }
        decimalPos = s.IndexOf(p.DecimalSeparator, StringComparison.Ordinal);
        if (!pic.SubPicture.Contains(p.DecimalSeparator, StringComparison.Ordinal) || decimalPos == s.Length - 1)
        {
            s = s[..^1];
        }
        if (exponent is { } exp)
        {
            var stringExponent = MakeString(exp, 0);
            var pad = pic.MinimumExponentSize - stringExponent.Length;
            if (pad > 0)
            {
                stringExponent = Repeat(p.ZeroDigit, pad) + stringExponent;
            }
            s = s + p.ExponentSeparator + (exp < 0 ? p.MinusSign : "") + stringExponent;
        }
        var result = new StringBuilder(pic.Prefix).Append(s).Append(pic.Suffix);
        return result.ToString();
    }

    private static string CharAt(string s, int index) => index >= 0 && index < s.Length ? s[index].ToString() : "";

    private static string JsSubstring(string s, int start, int end)
    {
        start = Math.Clamp(start, 0, s.Length);
        end = Math.Clamp(end, 0, s.Length);
        return start <= end ? s[start..end] : s[end..start];
    }

    private static string ReplaceFirst(string s, string find, string replacement)
    {
        var at = s.IndexOf(find, StringComparison.Ordinal);
        return at < 0 ? s : s[..at] + replacement + s[(at + find.Length)..];
    }

    private static string Repeat(string s, int count) => string.Concat(Enumerable.Repeat(s, count));
}
