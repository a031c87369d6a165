using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Sluice.Jsonata;

/// <summary>String functions. Lengths and offsets count Unicode code points, as JavaScript's string iterator does.</summary>
internal static partial class Functions
{
    public static List<string> CodePoints(string s)
    {
        var result = new List<string>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                result.Add(s.Substring(i, 2));
                i++;
            }
            else
            {
                result.Add(s[i].ToString());
            }
        }
        return result;
    }

    public static object? Substring(string? str, double start, double? length)
    {
        if (str is null)
        {
            return null;
        }
        var chars = CodePoints(str);
        var count = chars.Count;
        if (count + start < 0)
        {
            start = 0;
        }
        int Clamp(double index)
        {
            // Array.prototype.slice: negative counts from the end, then clamps to [0, length]
            var i = double.IsNegative(index) ? Math.Max(count + Math.Truncate(index), 0) : Math.Min(Math.Truncate(index), count);
            return (int)i;
        }
        if (length is { } len)
        {
            if (len <= 0)
            {
                return "";
            }
            var end = start >= 0 ? start + len : count + start + len;
            var from = Clamp(start);
            var to = Clamp(end);
            return to <= from ? "" : string.Concat(chars.Skip(from).Take(to - from));
        }
        return string.Concat(chars.Skip(Clamp(start)));
    }

    public static string Trim(string str)
    {
        var result = WhitespaceRun().Replace(str, " ");
        if (result.StartsWith(' '))
        {
            result = result[1..];
        }
        if (result.EndsWith(' '))
        {
            result = result[..^1];
        }
        return result;
    }

    public static string Pad(string str, double width, string? padChar)
    {
        if (string.IsNullOrEmpty(padChar))
        {
            padChar = " ";
        }
        var w = (int)Math.Truncate(width);
        var padLength = Math.Abs(w) - CodePoints(str).Count;
        if (padLength <= 0)
        {
            return str;
        }
        var padding = new StringBuilder();
        for (var i = 0; i < padLength; i++)
        {
            padding.Append(padChar);
        }
        var pad = padChar.Length > 1 ? (string)Substring(padding.ToString(), 0, padLength)! : padding.ToString();
        return w > 0 ? str + pad : pad + str;
    }

    private static JsonataObject? EvaluateMatcher(CallContext context, object? matcher, IReadOnlyList<object?> args)
    {
        var result = context.Apply((JsonataFunction)matcher!, args);
        if (result is null)
        {
            return null;
        }
        if (result is not JsonataObject obj ||
            !(obj.GetValueOrDefault("start") is double || obj.GetValueOrDefault("groups") is JsonataArray || obj.GetValueOrDefault("next") is JsonataFunction))
        {
            throw new JsonataException("T1010");
        }
        return obj;
    }

    private static JsonataObject? NextMatch(CallContext context, JsonataObject match) =>
        match.GetValueOrDefault("next") is JsonataFunction next ? EvaluateMatcher(context, next, []) : null;

    public static object? Contains(CallContext context, string? str, object? token)
    {
        if (str is null || token is null)
        {
            return null;
        }
        if (token is string s)
        {
            return str.Contains(s, StringComparison.Ordinal);
        }
        return EvaluateMatcher(context, token, [str]) is not null;
    }

    public static object? Match(CallContext context, string? str, object? regex, double? limit)
    {
        if (str is null)
        {
            return null;
        }
        if (limit < 0)
        {
            throw new JsonataException("D3040") { Index = 3 }.WithValue(limit);
        }
        var result = JsonataArray.CreateSequence();
        if (limit is null || limit > 0)
        {
            var count = 0;
            var matches = EvaluateMatcher(context, regex, [str]);
            while (matches is not null && (limit is null || count < limit))
            {
                result.Add(new JsonataObject
                {
                    ["match"] = matches.GetValueOrDefault("match"),
                    ["index"] = matches.GetValueOrDefault("start"),
                    ["groups"] = matches.GetValueOrDefault("groups"),
                });
                matches = NextMatch(context, matches);
                count++;
            }
        }
        return result;
    }

    public static object? Replace(CallContext context, string? str, object? pattern, object? replacement, double? limit)
    {
        if (str is null)
        {
            return null;
        }
        if (pattern is "")
        {
            throw new JsonataException("D3010") { Index = 2 }.WithValue(pattern);
        }
        if (limit < 0)
        {
            throw new JsonataException("D3011") { Index = 4 }.WithValue(limit);
        }
        if (limit is not null && limit <= 0)
        {
            return str;
        }
        var result = new StringBuilder();
        var position = 0;
        var count = 0;
        if (pattern is string literal)
        {
            var index = str.IndexOf(literal, position, StringComparison.Ordinal);
            while (index != -1 && (limit is null || count < limit))
            {
                result.Append(str, position, index - position);
                result.Append(replacement as string);
                position = index + literal.Length;
                count++;
                index = str.IndexOf(literal, position, StringComparison.Ordinal);
            }
            result.Append(str, position, str.Length - position);
            return result.ToString();
        }
        var matches = EvaluateMatcher(context, pattern, [str]);
        if (matches is null)
        {
            return str;
        }
        while (matches is not null && (limit is null || count < limit))
        {
            var start = (int)(double)matches["start"]!;
            result.Append(str, position, start - position);
            object? replacedWith = replacement is string template
                ? SubstituteGroups(template, matches)
                : context.Apply((JsonataFunction)replacement!, [matches]);
            if (replacedWith is string text)
            {
                result.Append(text);
            }
            else
            {
                throw new JsonataException("D3012").WithValue(replacedWith);
            }
            position = start + ((string)matches["match"]!).Length;
            count++;
            matches = NextMatch(context, matches);
        }
        result.Append(str, position, str.Length - position);
        return result.ToString();
    }

    private static string SubstituteGroups(string replacement, JsonataObject match)
    {
        var groups = match.GetValueOrDefault("groups") as JsonataArray ?? [];
        var substitute = new StringBuilder();
        var position = 0;
        var index = replacement.IndexOf('$', position);
        while (index != -1 && position < replacement.Length)
        {
            substitute.Append(replacement, position, index - position);
            position = index + 1;
            var dollarVal = position < replacement.Length ? replacement[position] : '\0';
            if (dollarVal == '$')
            {
                substitute.Append('$');
                position++;
            }
            else if (dollarVal == '0')
            {
                substitute.Append(match.GetValueOrDefault("match") as string);
                position++;
            }
            else
            {
                var maxDigits = groups.Count == 0 ? 1 : (int)Math.Floor(Math.Log10(groups.Count)) + 1;
                var groupIndex = ParseLeadingInt(replacement, position, maxDigits);
                if (maxDigits > 1 && groupIndex > groups.Count)
                {
                    groupIndex = ParseLeadingInt(replacement, position, maxDigits - 1);
                }
                if (groupIndex is { } gi)
                {
                    if (groups.Count > 0 && gi - 1 >= 0 && gi - 1 < groups.Count && groups[gi - 1] is string sub)
                    {
                        substitute.Append(sub);
                    }
                    position += gi.ToString(CultureInfo.InvariantCulture).Length;
                }
                else
                {
                    substitute.Append('$');
                }
            }
            index = replacement.IndexOf('$', position);
        }
        substitute.Append(replacement, position, replacement.Length - position);
        return substitute.ToString();
    }

    /// <summary>parseInt(text.substring(start, start + maxDigits), 10): the leading digits, or null.</summary>
    private static int? ParseLeadingInt(string text, int start, int maxDigits)
    {
        var end = Math.Min(text.Length, start + maxDigits);
        var digits = 0;
        while (start + digits < end && char.IsAsciiDigit(text[start + digits]))
        {
            digits++;
        }
        return digits == 0 ? null : int.Parse(text.AsSpan(start, digits), CultureInfo.InvariantCulture);
    }

    public static object? Split(CallContext context, string? str, object? separator, double? limit)
    {
        if (str is null)
        {
            return null;
        }
        if (limit < 0)
        {
            throw new JsonataException("D3020") { Index = 3 }.WithValue(limit);
        }
        var result = new JsonataArray();
        if (limit is not null && limit <= 0)
        {
            return result;
        }
        if (separator is string sep)
        {
            // String.prototype.split converts its limit with ToUint32
            limit = limit is { } l ? Math.Floor(l) : null;
            IEnumerable<string> parts = sep.Length == 0 ? str.Select(c => c.ToString()) : str.Split(sep);
            foreach (var part in parts)
            {
                if (limit is not null && result.Count >= limit)
                {
                    break;
                }
                result.Add(part);
            }
            return result;
        }
        var count = 0;
        var matches = EvaluateMatcher(context, separator, [str]);
        if (matches is null)
        {
            result.Add(str);
            return result;
        }
        var start = 0;
        while (matches is not null && (limit is null || count < limit))
        {
            var matchStart = (int)(double)matches["start"]!;
            result.Add(str[start..Math.Max(start, matchStart)]);
            start = (int)(double)matches["end"]!;
            matches = NextMatch(context, matches);
            count++;
        }
        if (limit is null || count < limit)
        {
            result.Add(str[Math.Min(start, str.Length)..]);
        }
        return result;
    }

    public static string Base64Encode(string str)
    {
        var bytes = str.Select(c => (byte)c).ToArray();
        return Convert.ToBase64String(bytes);
    }

    public static string Base64Decode(string str)
    {
        var bytes = Convert.FromBase64String(str);
        return new string(bytes.Select(b => (char)b).ToArray());
    }

    private const string UriUnreserved = "-_.!~*'()";
    private const string UriReserved = ";/?:@&=+$,#";

    public static string EncodeUri(string str, bool component, string functionName)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < str.Length; i++)
        {
            var c = str[i];
            if (char.IsAsciiLetterOrDigit(c) || UriUnreserved.Contains(c, StringComparison.Ordinal) || (!component && UriReserved.Contains(c, StringComparison.Ordinal)))
            {
                sb.Append(c);
                continue;
            }
            string unit;
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= str.Length || !char.IsLowSurrogate(str[i + 1]))
                {
                    throw new JsonataException("D3140") { FunctionName = functionName }.WithValue(str);
                }
                unit = str.Substring(i, 2);
                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                throw new JsonataException("D3140") { FunctionName = functionName }.WithValue(str);
            }
            else
            {
                unit = c.ToString();
            }
            foreach (var b in Encoding.UTF8.GetBytes(unit))
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return sb.ToString();
    }

    public static string DecodeUri(string str, bool component, string functionName)
    {
        var sb = new StringBuilder();
        var i = 0;
        JsonataException Malformed() => new JsonataException("D3140") { FunctionName = functionName }.WithValue(str);
        while (i < str.Length)
        {
            if (str[i] != '%')
            {
                sb.Append(str[i++]);
                continue;
            }
            var start = i;
            var bytes = new List<byte>();
            byte ReadByte()
            {
                if (i + 2 >= str.Length || str[i] != '%' || !char.IsAsciiHexDigit(str[i + 1]) || !char.IsAsciiHexDigit(str[i + 2]))
                {
                    throw Malformed();
                }
                var value = byte.Parse(str.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                i += 3;
                return value;
            }
            var first = ReadByte();
            bytes.Add(first);
            var extra = first < 0x80 ? 0 : (first & 0xE0) == 0xC0 ? 1 : (first & 0xF0) == 0xE0 ? 2 : (first & 0xF8) == 0xF0 ? 3 : -1;
            if (extra < 0)
            {
                throw Malformed();
            }
            for (var k = 0; k < extra; k++)
            {
                var next = ReadByte();
                if ((next & 0xC0) != 0x80)
                {
                    throw Malformed();
                }
                bytes.Add(next);
            }
            string decoded;
            try
            {
                decoded = new UTF8Encoding(false, true).GetString(bytes.ToArray());
            }
            catch (DecoderFallbackException)
            {
                throw Malformed();
            }
            if (!component && decoded.Length == 1 && UriReserved.Contains(decoded[0], StringComparison.Ordinal))
            {
                sb.Append(str, start, i - start);
            }
            else
            {
                sb.Append(decoded);
            }
        }
        return sb.ToString();
    }

    [GeneratedRegex("[ \t\n\r]+")]
    private static partial Regex WhitespaceRun();
}
