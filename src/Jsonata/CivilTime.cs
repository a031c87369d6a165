namespace Sluice.Jsonata;

/// <summary>
/// UTC calendar arithmetic on milliseconds since the epoch, as JavaScript's Date does it (Date.UTC with
/// out-of-range fields carried over, the proleptic Gregorian calendar, years beyond 1..9999).
/// </summary>
internal readonly record struct CivilTime(long Year, int Month, int Day, int Hour, int Minute, int Second, int Millisecond, int WeekDay)
{
    public const long MillisPerDay = 86_400_000;

    /// <summary>Date.UTC(year, monthIndex, day, hours, minutes, seconds, ms).</summary>
    public static double Utc(double year, double monthIndex, double day = 1, double hours = 0, double minutes = 0, double seconds = 0, double millis = 0)
    {
        var y = year + Math.Floor(monthIndex / 12);
        var m = ((monthIndex % 12) + 12) % 12;
        var days = DaysFromCivil((long)y, (int)m + 1, 1) + (day - 1);
        return days * MillisPerDay + hours * 3_600_000 + minutes * 60_000 + seconds * 1000 + millis;
    }

    public static CivilTime FromMillis(double millis)
    {
        var ms = (long)Math.Floor(millis);
        var days = FloorDiv(ms, MillisPerDay);
        var inDay = ms - days * MillisPerDay;
        var (y, m, d) = CivilFromDays(days);
        var weekDay = (int)(((days + 4) % 7 + 7) % 7);
        return new CivilTime(y, m, d, (int)(inDay / 3_600_000), (int)(inDay / 60_000 % 60), (int)(inDay / 1000 % 60), (int)(inDay % 1000), weekDay);
    }

    private static long FloorDiv(long a, long b) => a / b - (a % b != 0 && (a < 0) != (b < 0) ? 1 : 0);

    // Howard Hinnant's days_from_civil and civil_from_days.
    public static long DaysFromCivil(long y, int m, int d)
    {
        y -= m <= 2 ? 1 : 0;
        var era = FloorDiv(y, 400);
        var yoe = y - era * 400;
        var doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        var doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    private static (long Year, int Month, int Day) CivilFromDays(long z)
    {
        z += 719468;
        var era = FloorDiv(z, 146097);
        var doe = z - era * 146097;
        var yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        var y = yoe + era * 400;
        var doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        var mp = (5 * doy + 2) / 153;
        var d = (int)(doy - (153 * mp + 2) / 5 + 1);
        var m = (int)(mp < 10 ? mp + 3 : mp - 9);
        return (m <= 2 ? y + 1 : y, m, d);
    }
}
