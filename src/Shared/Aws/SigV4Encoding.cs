using System.Text;

namespace Sluice.Shared.Aws;

/// <summary>The URI encoding and path normalisation rules of SigV4 canonical requests.</summary>
internal static class SigV4Encoding
{
    private const string HexUpper = "0123456789ABCDEF";

    /// <summary>RFC 3986 encoding of the UTF-8 bytes: only A-Z a-z 0-9 - _ . ~ (and '/' when asked) stay literal.</summary>
    public static string UriEncode(string value, bool keepSlash = false)
    {
        var builder = new StringBuilder(value.Length + 8);
        AppendUriEncoded(builder, value, keepSlash);
        return builder.ToString();
    }

    public static void AppendUriEncoded(StringBuilder builder, string value, bool keepSlash = false)
    {
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (IsUnreserved(c) || (keepSlash && c == '/'))
            {
                builder.Append(c);
                continue;
            }

            int count;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                count = Encoding.UTF8.GetBytes(value.AsSpan(i, 2), utf8);
                i++;
            }
            else
            {
                count = Encoding.UTF8.GetBytes(value.AsSpan(i, 1), utf8);
            }

            foreach (var b in utf8[..count])
            {
                builder.Append('%').Append(HexUpper[b >> 4]).Append(HexUpper[b & 0xF]);
            }
        }
    }

    /// <summary>
    /// Removes "." and ".." segments and empty segments ("//"), keeping a trailing slash, as every
    /// AWS service except S3 does before signing.
    /// </summary>
    public static string NormalizePath(string path)
    {
        if (path.Length == 0)
        {
            return "/";
        }

        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            switch (segment)
            {
                case "" or ".":
                    break;
                case "..":
                    if (segments.Count > 0)
                    {
                        segments.RemoveAt(segments.Count - 1);
                    }

                    break;
                default:
                    segments.Add(segment);
                    break;
            }
        }

        var normalized = "/" + string.Join('/', segments);
        return path.EndsWith('/') && segments.Count > 0 ? normalized + "/" : normalized;
    }

    /// <summary>Trims and collapses runs of spaces and tabs to one space.</summary>
    public static string CanonicalHeaderValue(string value)
    {
        var span = value.AsSpan().Trim();
        var builder = new StringBuilder(span.Length);
        var inSpace = false;
        foreach (var c in span)
        {
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                inSpace = true;
                continue;
            }

            if (inSpace)
            {
                builder.Append(' ');
                inSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static bool IsUnreserved(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~';
}
