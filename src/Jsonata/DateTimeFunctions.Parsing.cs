using System.Text.RegularExpressions;

namespace Sluice.Jsonata;

/// <summary>$toMillis with a picture: the picture becomes a regex; missing components come from "now" or defaults.</summary>
internal static partial class DateTimeFunctions
{
    private sealed record PartMatcher(string Regex, char Component, Func<string, object?>? Parse);

    private static PartMatcher Matcher(DateTimePicture.Part part)
    {
        if (part.IsLiteral)
        {
            return new PartMatcher(EscapeLiteral().Replace(part.Value, @"\$&"), '\0', null);
        }
        if (part.Component is 'Z' or 'z')
        {
            var format = part.IntegerFormat!;
            string? separator = format.Regular ? format.GroupingSeparators[0].Character : null;
            var regex = (part.Component == 'z' ? "GMT" : "") + "[-+][0-9]+" + (separator is null ? "" : Regex.Escape(separator) + "[0-9]+");
            return new PartMatcher(regex, part.Component, value =>
            {
                if (part.Component == 'z')
                {
                    value = value[3..];
                }
                double hours, minutes = 0;
                if (separator is not null)
                {
                    var at = value.IndexOf(separator, StringComparison.Ordinal);
                    hours = IntegerFormatter.ParseIntPrefix(value[..at]);
                    minutes = IntegerFormatter.ParseIntPrefix(value[(at + separator.Length)..]);
                }
                else if (value.Length - 1 <= 2)
                {
                    hours = IntegerFormatter.ParseIntPrefix(value);
                }
                else
                {
                    hours = IntegerFormatter.ParseIntPrefix(value[..3]);
                    minutes = IntegerFormatter.ParseIntPrefix(value[3..]);
                }
                return hours * 60 + minutes;
            });
        }
        if (part.Component == 'f')
        {
            return new PartMatcher("[0-9]+", 'f', value =>
                double.Parse("0." + value[..Math.Min(3, value.Length)], System.Globalization.CultureInfo.InvariantCulture) * 1000);
        }
        if (part.IntegerFormat is { } integerFormat)
        {
            var integer = IntegerFormatter.Matcher(integerFormat);
            return new PartMatcher(integer.Regex, part.Component, integer.Parse);
        }
        var lookup = new Dictionary<string, double>(StringComparer.Ordinal);
        if (part.Component is 'M' or 'x')
        {
            for (var i = 0; i < s_months.Length; i++)
            {
                var name = part.MaxWidth is { } max and > 0 ? s_months[i][..Math.Min(max, s_months[i].Length)] : s_months[i];
                lookup[name] = i + 1;
            }
        }
        else if (part.Component == 'F')
        {
            for (var i = 1; i < s_days.Length; i++)
            {
                var name = part.MaxWidth is { } max and > 0 ? s_days[i][..Math.Min(max, s_days[i].Length)] : s_days[i];
                lookup[name] = i;
            }
        }
        else if (part.Component == 'P')
        {
            lookup["am"] = 0;
            lookup["AM"] = 0;
            lookup["pm"] = 1;
            lookup["PM"] = 1;
        }
        else
        {
            throw new JsonataException("D3133").WithValue(part.Component.ToString());
        }
        return new PartMatcher("[a-zA-Z]+", part.Component, value => lookup.TryGetValue(value, out var v) ? v : null);
    }

    private static object? ParseDateTime(string timestamp, string picture, DateTimeOffset now)
    {
        var spec = DateTimePicture.Analyse(picture);
        var matchers = spec.Parts.Select(Matcher).ToList();
        var full = "^" + string.Concat(matchers.Select(m => "(" + m.Regex + ")")) + "$";
        var info = new Regex(full, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant).Match(timestamp);
        if (!info.Success)
        {
            return null;
        }
        var components = new Dictionary<char, double?>();
        for (var i = 1; i < info.Groups.Count && i - 1 < matchers.Count; i++)
        {
            var matcher = matchers[i - 1];
            if (matcher.Parse is not null)
            {
                components[matcher.Component] = matcher.Parse(info.Groups[i].Value) as double?;
            }
        }
        if (components.Count == 0)
        {
            return null;
        }
        bool Has(char c) => components.TryGetValue(c, out var v) && v is not null;
        var mask = 0;
        void Shift(bool bit) => mask = (mask << 1) + (bit ? 1 : 0);
        bool IsType(int type) => (~type & mask) == 0 && (type & mask) != 0;
        foreach (var c in "YXMxWwdD")
        {
            Shift(Has(c));
        }
        var dateA = IsType(161);
        var dateB = !dateA && IsType(130);
        var dateC = IsType(84);
        var dateD = !dateC && IsType(72);
        mask = 0;
        foreach (var c in "PHhmsf")
        {
            Shift(Has(c));
        }
        var timeA = IsType(23);
        var timeB = !timeA && IsType(47);
        var dateComps = dateB ? "YD" : dateC ? "XxwF" : dateD ? "XWF" : "YMD";
        var timeComps = timeB ? "Phmsf" : "Hmsf";
        var startSpecified = false;
        var endSpecified = false;
        var nowMillis = now.ToUnixTimeMilliseconds();
        foreach (var part in dateComps + timeComps)
        {
            if (!Has(part))
            {
                if (startSpecified)
                {
                    components[part] = "MDd".Contains(part, StringComparison.Ordinal) ? 1 : 0;
                    endSpecified = true;
                }
                else
                {
                    components[part] = Fragment(nowMillis, part) as double?;
                }
            }
            else
            {
                startSpecified = true;
                if (endSpecified)
                {
                    throw new JsonataException("D3136");
                }
            }
        }
        double Get(char c) => components.TryGetValue(c, out var v) && v is { } d ? d : 0;
        var month = Get('M') > 0 ? Get('M') - 1 : 0;
        var dayOfMonth = Get('D');
        if (dateB)
        {
            var firstJan = CivilTime.Utc(Get('Y'), 0);
            var derived = CivilTime.FromMillis(firstJan + (Get('d') - 1) * CivilTime.MillisPerDay);
            month = derived.Month - 1;
            dayOfMonth = derived.Day;
        }
        if (dateC || dateD)
        {
            throw new JsonataException("D3136");
        }
        var hour = Get('H');
        if (timeB)
        {
            hour = Get('h') == 12 ? 0 : Get('h');
            if (Get('P') == 1)
            {
                hour += 12;
            }
        }
        var millis = CivilTime.Utc(Get('Y'), month, dayOfMonth, hour, Get('m'), Get('s'), Get('f'));
        var zone = Has('Z') ? Get('Z') : Has('z') ? Get('z') : 0;
        if (zone != 0)
        {
            millis -= zone * 60 * 1000;
        }
        return millis;
    }

    [GeneratedRegex(@"[.*+?^${}()|[\]\\]")]
    private static partial Regex EscapeLiteral();
}
