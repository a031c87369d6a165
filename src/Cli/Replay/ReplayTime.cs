using System.Globalization;

namespace Sluice.Cli.Replay;

/// <summary>
/// A --from/--to time: ISO-8601 (a time without an offset is UTC) or relative to now as a minus
/// sign, a whole number and a unit: <c>-90s</c>, <c>-15m</c>, <c>-2h</c>, <c>-1d</c>.
/// </summary>
internal static class ReplayTime
{
    /// <summary>Kinesis keeps records at most 365 days, so anything further back cannot be read.</summary>
    private static readonly TimeSpan s_maxBack = TimeSpan.FromDays(365);

    public static bool TryParse(string? text, DateTimeOffset now, out DateTimeOffset time, out string problem)
    {
        time = default;
        problem = string.Empty;
        var s = text?.Trim() ?? string.Empty;
        if (s.Length == 0)
        {
            problem = "is empty";
            return false;
        }

        if (s[0] == '-' && s.Length >= 3 && char.IsAsciiDigit(s[1]))
        {
            var unit = s[^1] switch
            {
                's' => TimeSpan.FromSeconds(1),
                'm' => TimeSpan.FromMinutes(1),
                'h' => TimeSpan.FromHours(1),
                'd' => TimeSpan.FromDays(1),
                _ => TimeSpan.Zero,
            };
            if (unit == TimeSpan.Zero
                || !long.TryParse(s.AsSpan(1, s.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                || count > s_maxBack / unit)
            {
                problem = $"'{s}' is not a relative time like -90s, -15m, -2h or -1d (at most 365 days back)";
                return false;
            }

            time = now - (unit * count);
            return true;
        }

        if (!DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time)
            || !char.IsAsciiDigit(s[0]))
        {
            time = default;
            problem = $"'{s}' is neither an ISO-8601 time (2026-11-26T17:00:00Z) nor a relative one (-15m, -2h)";
            return false;
        }

        return true;
    }
}
