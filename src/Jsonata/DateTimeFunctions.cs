using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Sluice.Jsonata;

/// <summary>$fromMillis, $toMillis and $now: ISO 8601 by default, XPath picture strings otherwise.</summary>
internal static partial class DateTimeFunctions
{
    private static readonly string[] s_days = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    private static readonly string[] s_months =
    [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ];

    private static readonly Lazy<DateTimePicture> s_iso8601 = new(() => DateTimePicture.Analyse("[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]"));

    private static double StartOfFirstWeek(long year, int monthIndex)
    {
        var jan1 = CivilTime.Utc(year, monthIndex);
        var day = CivilTime.FromMillis(jan1).WeekDay;
        if (day == 0)
        {
            day = 7;
        }
        return day > 4 ? jan1 + (8 - day) * CivilTime.MillisPerDay : jan1 - (day - 1) * CivilTime.MillisPerDay;
    }

    private static double DeltaWeeks(double start, double end) => (end - start) / (CivilTime.MillisPerDay * 7) + 1;

    private static object? Fragment(double millis, char component)
    {
        var date = CivilTime.FromMillis(millis);
        switch (component)
        {
            case 'Y':
                return (double)date.Year;
            case 'M':
                return (double)date.Month;
            case 'D':
                return (double)date.Day;
            case 'd':
                var today = CivilTime.Utc(date.Year, date.Month - 1, date.Day);
                var firstJan = CivilTime.Utc(date.Year, 0);
                return (today - firstJan) / CivilTime.MillisPerDay + 1;
            case 'F':
                return (double)(date.WeekDay == 0 ? 7 : date.WeekDay);
            case 'W':
                {
                    var startOfWeek1 = StartOfFirstWeek(date.Year, 0);
                    var day = CivilTime.Utc(date.Year, date.Month - 1, date.Day);
                    var week = DeltaWeeks(startOfWeek1, day);
                    if (week > 52)
                    {
                        if (day >= StartOfFirstWeek(date.Year + 1, 0))
                        {
                            week = 1;
                        }
                    }
                    else if (week < 1)
                    {
                        week = DeltaWeeks(StartOfFirstWeek(date.Year - 1, 0), day);
                    }
                    return Math.Floor(week);
                }
            case 'w':
                {
                    var monthIndex = date.Month - 1;
                    var startOfWeek1 = StartOfFirstWeek(date.Year, monthIndex);
                    var day = CivilTime.Utc(date.Year, monthIndex, date.Day);
                    var week = DeltaWeeks(startOfWeek1, day);
                    if (week > 4)
                    {
                        var (ny, nm) = monthIndex == 11 ? (date.Year + 1, 0) : (date.Year, monthIndex + 1);
                        if (day >= StartOfFirstWeek(ny, nm))
                        {
                            week = 1;
                        }
                    }
                    else if (week < 1)
                    {
                        var (py, pm) = monthIndex == 0 ? (date.Year - 1, 11) : (date.Year, monthIndex - 1);
                        week = DeltaWeeks(StartOfFirstWeek(py, pm), day);
                    }
                    return Math.Floor(week);
                }
            case 'X':
                {
                    var startOfIsoYear = StartOfFirstWeek(date.Year, 0);
                    var endOfIsoYear = StartOfFirstWeek(date.Year + 1, 0);
                    return millis < startOfIsoYear ? date.Year - 1 : millis >= endOfIsoYear ? date.Year + 1 : (double)date.Year;
                }
            case 'x':
                {
                    var monthIndex = date.Month - 1;
                    var startOfIsoMonth = StartOfFirstWeek(date.Year, monthIndex);
                    var (ny, nm) = monthIndex == 11 ? (date.Year + 1, 0) : (date.Year, monthIndex + 1);
                    var endOfIsoMonth = StartOfFirstWeek(ny, nm);
                    if (millis < startOfIsoMonth)
                    {
                        return (double)((monthIndex == 0 ? 11 : monthIndex - 1) + 1);
                    }
                    return millis >= endOfIsoMonth ? nm + 1 : (double)(monthIndex + 1);
                }
            case 'H':
                return (double)date.Hour;
            case 'h':
                var h = date.Hour % 12;
                return (double)(h == 0 ? 12 : h);
            case 'P':
                return date.Hour >= 12 ? "pm" : "am";
            case 'm':
                return (double)date.Minute;
            case 's':
                return (double)date.Second;
            case 'f':
                return (double)date.Millisecond;
            case 'C':
            case 'E':
                return "ISO";
            default:
                return null;
        }
    }

    public static object? FromMillis(double millis, string? picture, string? timezone)
    {
        var offsetHours = 0;
        var offsetMinutes = 0;
        if (timezone is not null)
        {
            var offset = IntegerFormatter.ParseIntPrefix(timezone);
            offsetHours = (int)Math.Floor(offset / 100);
            offsetMinutes = (int)(offset % 100);
        }
        var spec = picture is null ? s_iso8601.Value : DateTimePicture.Analyse(picture);
        var shifted = millis + (60 * offsetHours + offsetMinutes) * 60 * 1000;
        var result = new StringBuilder();
        foreach (var part in spec.Parts)
        {
            result.Append(part.IsLiteral ? part.Value : FormatComponent(shifted, part, offsetHours, offsetMinutes));
        }
        return result.ToString();
    }

    private static string FormatComponent(double millis, DateTimePicture.Part part, int offsetHours, int offsetMinutes)
    {
        var value = Fragment(millis, part.Component);
        if ("YMDdFWwXxHhms".Contains(part.Component, StringComparison.Ordinal))
        {
            var number = (double)value!;
            if (part.Component == 'Y' && part.N != -1)
            {
                number %= Math.Pow(10, part.N);
            }
            if (part.Names is not null)
            {
                string name;
                if (part.Component is 'M' or 'x')
                {
                    name = s_months[(int)number - 1];
                }
                else if (part.Component == 'F')
                {
                    name = s_days[(int)number];
                }
                else
                {
                    throw new JsonataException("D3133").WithValue(part.Component.ToString());
                }
                name = part.Names switch { "upper" => name.ToUpperInvariant(), "lower" => name.ToLowerInvariant(), _ => name };
                if (part.MaxWidth is { } max && name.Length > max)
                {
                    name = name[..max];
                }
                return name;
            }
            return IntegerFormatter.Format(number, part.IntegerFormat!);
        }
        if (part.Component == 'f')
        {
            return IntegerFormatter.Format((double)value!, part.IntegerFormat!);
        }
        if (part.Component is 'Z' or 'z')
        {
            var offset = offsetHours * 100 + offsetMinutes;
            var format = part.IntegerFormat!;
            string text;
            if (format.Regular)
            {
                text = IntegerFormatter.Format(offset, format);
            }
            else
            {
                var digits = format.MandatoryDigits;
                if (digits is 1 or 2)
                {
                    text = IntegerFormatter.Format(offsetHours, format);
                    if (offsetMinutes != 0)
                    {
                        text += ":" + IntegerFormatter.Format(offsetMinutes, "00");
                    }
                }
                else if (digits is 3 or 4)
                {
                    text = IntegerFormatter.Format(offset, format);
                }
                else
                {
                    throw new JsonataException("D3134").WithValue((double)digits);
                }
            }
            if (offset >= 0)
            {
                text = "+" + text;
            }
            if (part.Component == 'z')
            {
                text = "GMT" + text;
            }
            if (offset == 0 && part.Presentation2 == 't')
            {
                text = "Z";
            }
            return text;
        }
        if (part.Component == 'P')
        {
            var marker = (string)value!;
            return part.Names == "upper" ? marker.ToUpperInvariant() : marker;
        }
        return value switch
        {
            null => "",
            string s => s,
            double d => JsNumber.ToString(d),
            _ => "",
        };
    }

    public static object? ToMillis(string timestamp, string? picture, DateTimeOffset now)
    {
        if (picture is not null)
        {
            return ParseDateTime(timestamp, picture, now);
        }
        var match = Iso8601().Match(timestamp);
        if (!match.Success)
        {
            throw new JsonataException("D3110").WithValue(timestamp);
        }
        return ParseIso(match);
    }

    private static object? ParseIso(Match match)
    {
        int Part(string name, int fallback) => match.Groups[name].Success ? int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : fallback;
        var year = Part("year", 0);
        var month = Part("month", 1);
        var day = Part("day", 1);
        var hour = Part("hour", 0);
        var minute = Part("minute", 0);
        var second = Part("second", 0);
        if (month is < 1 or > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 24 || (hour == 24 && (minute > 0 || second > 0)))
        {
            // Date.parse gives NaN for an impossible date; $toMillis passes it on.
            return double.NaN;
        }
        double millis = 0;
        if (match.Groups["fraction"].Success)
        {
            var fraction = match.Groups["fraction"].Value;
            millis = Math.Floor(double.Parse("0" + fraction, CultureInfo.InvariantCulture) * 1000);
        }
        var result = CivilTime.Utc(year, month - 1, day, hour, minute, second, millis);
        if (match.Groups["zone"].Success && match.Groups["zone"].Value != "Z")
        {
            var zone = match.Groups["zone"].Value.Replace(":", "", StringComparison.Ordinal);
            var sign = zone[0] == '-' ? -1 : 1;
            var hours = int.Parse(zone.AsSpan(1, 2), CultureInfo.InvariantCulture);
            var minutes = int.Parse(zone.AsSpan(3, 2), CultureInfo.InvariantCulture);
            result -= sign * (hours * 60 + minutes) * 60_000;
        }
        return result;
    }

    private static int DaysInMonth(int year, int month) =>
        month == 2 ? (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28) : month is 4 or 6 or 9 or 11 ? 30 : 31;

    [GeneratedRegex(@"^(?<year>\d{4})(-(?<month>[01]\d))?(-(?<day>[0-3]\d))?(T(?<hour>[0-2]\d):(?<minute>[0-5]\d):(?<second>[0-5]\d))?(?<fraction>\.\d+)?(?<zone>[+-][0-2]\d:?[0-5]\d|Z)?$")]
    private static partial Regex Iso8601();
}
