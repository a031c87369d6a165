using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sluice.LocalCloud.Firehose;

/// <summary>
/// S3 key prefixes as Firehose evaluates them: <c>!{timestamp:&lt;Java DateTimeFormatter&gt;}</c>,
/// <c>!{firehose:random-string}</c> and <c>!{firehose:error-output-type}</c>; a prefix without
/// expressions gets the default <c>yyyy/MM/dd/HH/</c> (UTC) after it.
/// </summary>
internal static class FirehosePrefix
{
    private const string DefaultTime = "yyyy/MM/dd/HH/";

    private const string RandomAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>The parts of a prefix: literal text, or a (namespace, value) expression.</summary>
    private static List<(string? Namespace, string Text)> Parse(string prefix, string member)
    {
        var parts = new List<(string?, string)>();
        var at = 0;
        while (at < prefix.Length)
        {
            var open = prefix.IndexOf("!{", at, StringComparison.Ordinal);
            if (open < 0)
            {
                parts.Add((null, prefix[at..]));
                break;
            }
            if (open > at)
            {
                parts.Add((null, prefix[at..open]));
            }
            var close = prefix.IndexOf('}', open);
            var body = close < 0 ? null : prefix[(open + 2)..close];
            var colon = body?.IndexOf(':') ?? -1;
            if (body is null || colon <= 0 || body.Contains("!{", StringComparison.Ordinal))
            {
                throw FirehoseErrors.InvalidArgument($"{member} has an expression that is not of the form !{{namespace:value}}: {prefix}");
            }
            parts.Add((body[..colon], body[(colon + 1)..]));
            at = close + 1;
        }
        return parts;
    }

    public static bool HasExpressions(string? prefix) => prefix is not null && prefix.Contains("!{", StringComparison.Ordinal);

    /// <summary>Checks a Prefix and ErrorOutputPrefix pair against Firehose's rules for them (no dynamic partitioning here).</summary>
    public static void Check(string? prefix, string? errorPrefix)
    {
        var prefixHasExpressions = HasExpressions(prefix);
        foreach (var (ns, text) in Parse(prefix ?? "", "Prefix"))
        {
            if (ns is null)
            {
                continue;
            }
            CheckExpression(ns, text, "Prefix");
            if (ns == "firehose" && text == "error-output-type")
            {
                throw FirehoseErrors.InvalidArgument("The expression !{firehose:error-output-type} is not allowed in Prefix.");
            }
        }
        if (prefixHasExpressions && string.IsNullOrEmpty(errorPrefix))
        {
            throw FirehoseErrors.InvalidArgument("ErrorOutputPrefix cannot be null or empty when Prefix contains expressions.");
        }
        if (HasExpressions(errorPrefix))
        {
            var hasType = false;
            foreach (var (ns, text) in Parse(errorPrefix!, "ErrorOutputPrefix"))
            {
                if (ns is not null)
                {
                    CheckExpression(ns, text, "ErrorOutputPrefix");
                    hasType |= ns == "firehose" && text == "error-output-type";
                }
            }
            if (!hasType)
            {
                throw FirehoseErrors.InvalidArgument("ErrorOutputPrefix must contain !{firehose:error-output-type} when it contains expressions.");
            }
        }
    }

    private static void CheckExpression(string ns, string value, string member)
    {
        switch (ns)
        {
            case "timestamp":
                _ = Format(value, DateTimeOffset.UnixEpoch, member);
                break;
            case "firehose" when value is "random-string" or "error-output-type":
                break;
            case "firehose":
                throw FirehoseErrors.InvalidArgument($"{member} has an unknown firehose expression: !{{firehose:{value}}} (known: random-string, error-output-type).");
            case "partitionKeyFromQuery" or "partitionKeyFromLambda":
                throw FirehoseErrors.InvalidArgument($"{member} uses !{{{ns}:{value}}}, which needs dynamic partitioning; this local cloud does not run dynamic partitioning.");
            default:
                throw FirehoseErrors.InvalidArgument($"{member} has an expression with an unknown namespace: {ns} (known: timestamp, firehose).");
        }
    }

    /// <summary>
    /// The prefix of an object whose oldest record arrived at <paramref name="time"/>: every timestamp
    /// expression evaluates to that instant (UTC); without expressions, <c>yyyy/MM/dd/HH/</c> follows.
    /// </summary>
    public static string Evaluate(string? prefix, DateTimeOffset time, string? errorOutputType = null)
    {
        if (!HasExpressions(prefix))
        {
            return (prefix ?? "") + Format(DefaultTime, time, "Prefix");
        }
        var text = new StringBuilder();
        foreach (var (ns, value) in Parse(prefix!, "Prefix"))
        {
            text.Append((ns, value) switch
            {
                (null, _) => value,
                ("timestamp", _) => Format(value, time, "Prefix"),
                ("firehose", "random-string") => RandomString(),
                ("firehose", "error-output-type") => errorOutputType ?? "processing-failed",
                _ => "",
            });
        }
        return text.ToString();
    }

    /// <summary>Eleven random letters and digits, as <c>!{firehose:random-string}</c> evaluates.</summary>
    private static string RandomString() => RandomNumberGenerator.GetString(RandomAlphabet, 11);

    /// <summary>
    /// A Java DateTimeFormatter pattern applied to a UTC instant: y, M, d, H, m, s (and the rarely used
    /// D, S) with their widths, quoted text, and any other non-letter as it stands.
    /// </summary>
    public static string Format(string pattern, DateTimeOffset time, string member)
    {
        var utc = time.UtcDateTime;
        var text = new StringBuilder();
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == '\'')
            {
                var end = pattern.IndexOf('\'', i + 1);
                if (end < 0)
                {
                    throw FirehoseErrors.InvalidArgument($"{member} has a timestamp pattern with an unclosed quote: {pattern}");
                }
                text.Append(end == i + 1 ? "'" : pattern[(i + 1)..end]);
                i = end + 1;
                continue;
            }
            if (!char.IsAsciiLetter(c))
            {
                text.Append(c);
                i++;
                continue;
            }
            var width = 1;
            while (i + width < pattern.Length && pattern[i + width] == c)
            {
                width++;
            }
            text.Append(c switch
            {
                'y' or 'u' => width == 2 ? (utc.Year % 100).ToString("D2", CultureInfo.InvariantCulture) : utc.Year.ToString("D" + width, CultureInfo.InvariantCulture),
                'M' when width <= 2 => utc.Month.ToString("D" + width, CultureInfo.InvariantCulture),
                'd' => utc.Day.ToString("D" + width, CultureInfo.InvariantCulture),
                'D' => utc.DayOfYear.ToString("D" + width, CultureInfo.InvariantCulture),
                'H' => utc.Hour.ToString("D" + width, CultureInfo.InvariantCulture),
                'm' => utc.Minute.ToString("D" + width, CultureInfo.InvariantCulture),
                's' => utc.Second.ToString("D" + width, CultureInfo.InvariantCulture),
                'S' => (utc.Ticks % TimeSpan.TicksPerSecond).ToString("D7", CultureInfo.InvariantCulture)[..Math.Min(width, 7)].PadRight(width, '0'),
                _ => throw FirehoseErrors.InvalidArgument($"{member} has a timestamp pattern this local cloud does not evaluate: '{new string(c, width)}' in {pattern} (supported: y, M, d, D, H, m, s, S and quoted text)."),
            });
            i += width;
        }
        return text.ToString();
    }
}
