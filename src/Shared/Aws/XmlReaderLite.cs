using System.Globalization;
using System.Text;

namespace Sluice.Shared.Aws;

/// <summary>
/// A small XML parser for AWS query-protocol responses. System.Xml would add megabytes to every
/// native function for a handful of flat documents; this reads elements, text, CDATA and the
/// predefined and numeric entities, and skips declarations, comments and attributes.
/// </summary>
internal static class XmlReaderLite
{
    /// <exception cref="FormatException">The text is not well-formed XML of that kind.</exception>
    public static XmlNode Parse(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var pos = 0;
        XmlNode? root = null;
        var stack = new Stack<(XmlNode Node, string RawName, StringBuilder Text)>();

        while (pos < xml.Length)
        {
            var lt = xml.IndexOf('<', pos);
            if (lt < 0)
            {
                RequireWhitespaceOutsideRoot(xml, pos, xml.Length, stack.Count);
                break;
            }

            if (stack.Count > 0)
            {
                Decode(xml, pos, lt, stack.Peek().Text);
            }
            else
            {
                RequireWhitespaceOutsideRoot(xml, pos, lt, 0);
            }

            if (Starts(xml, lt, "<?"))
            {
                pos = End(xml, lt, "?>");
            }
            else if (Starts(xml, lt, "<!--"))
            {
                pos = End(xml, lt, "-->");
            }
            else if (Starts(xml, lt, "<![CDATA["))
            {
                var end = xml.IndexOf("]]>", lt, StringComparison.Ordinal);
                if (end < 0 || stack.Count == 0)
                {
                    throw Error("unterminated or misplaced CDATA", lt);
                }

                stack.Peek().Text.Append(xml, lt + 9, end - lt - 9);
                pos = end + 3;
            }
            else if (Starts(xml, lt, "<!"))
            {
                pos = End(xml, lt, ">");
            }
            else if (Starts(xml, lt, "</"))
            {
                var gt = xml.IndexOf('>', lt);
                if (gt < 0)
                {
                    throw Error("unterminated end tag", lt);
                }

                var name = xml[(lt + 2)..gt].Trim();
                if (stack.Count == 0 || stack.Peek().RawName != name)
                {
                    throw Error($"unexpected end tag </{name}>", lt);
                }

                var (node, _, text) = stack.Pop();
                node.Text = text.ToString();
                pos = gt + 1;
            }
            else
            {
                var gt = TagEnd(xml, lt);
                var selfClosing = xml[gt - 1] == '/';
                var inner = xml.AsSpan(lt + 1, gt - lt - (selfClosing ? 2 : 1));
                var nameEnd = inner.IndexOfAny(" \t\r\n");
                var rawName = (nameEnd < 0 ? inner : inner[..nameEnd]).ToString();
                if (rawName.Length == 0)
                {
                    throw Error("empty element name", lt);
                }

                var colon = rawName.IndexOf(':', StringComparison.Ordinal);
                var node = new XmlNode(colon < 0 ? rawName : rawName[(colon + 1)..]);
                if (stack.Count > 0)
                {
                    stack.Peek().Node.Children.Add(node);
                }
                else if (root is null)
                {
                    root = node;
                }
                else
                {
                    throw Error("more than one root element", lt);
                }

                if (!selfClosing)
                {
                    stack.Push((node, rawName, new StringBuilder()));
                }

                pos = gt + 1;
            }
        }

        if (stack.Count > 0)
        {
            throw Error($"element <{stack.Peek().RawName}> is not closed", xml.Length);
        }

        return root ?? throw Error("no root element", 0);
    }

    private static bool Starts(string xml, int at, string prefix) => string.CompareOrdinal(xml, at, prefix, 0, prefix.Length) == 0;

    private static int End(string xml, int from, string terminator)
    {
        var end = xml.IndexOf(terminator, from, StringComparison.Ordinal);
        return end < 0 ? throw Error($"missing '{terminator}'", from) : end + terminator.Length;
    }

    // Finds the '>' closing a start tag, skipping quoted attribute values.
    private static int TagEnd(string xml, int lt)
    {
        char quote = '\0';
        for (var i = lt + 1; i < xml.Length; i++)
        {
            var c = xml[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '>')
            {
                return i;
            }
        }

        throw Error("unterminated start tag", lt);
    }

    private static void RequireWhitespaceOutsideRoot(string xml, int from, int to, int depth)
    {
        if (depth == 0 && !xml.AsSpan(from, to - from).IsWhiteSpace())
        {
            throw Error("text outside the root element", from);
        }
    }

    private static void Decode(string xml, int from, int to, StringBuilder into)
    {
        var i = from;
        while (i < to)
        {
            var amp = xml.IndexOf('&', i, to - i);
            if (amp < 0)
            {
                into.Append(xml, i, to - i);
                return;
            }

            into.Append(xml, i, amp - i);
            var semi = xml.IndexOf(';', amp, to - amp);
            if (semi < 0)
            {
                throw Error("unterminated entity", amp);
            }

            var entity = xml.AsSpan(amp + 1, semi - amp - 1);
            switch (entity)
            {
                case "lt": into.Append('<'); break;
                case "gt": into.Append('>'); break;
                case "amp": into.Append('&'); break;
                case "quot": into.Append('"'); break;
                case "apos": into.Append('\''); break;
                default:
                    if (entity.Length > 1 && entity[0] == '#' && TryCodePoint(entity[1..], out var codePoint))
                    {
                        into.Append(char.ConvertFromUtf32(codePoint));
                        break;
                    }

                    throw Error($"unknown entity &{entity};", amp);
            }

            i = semi + 1;
        }
    }

    private static bool TryCodePoint(ReadOnlySpan<char> digits, out int codePoint)
    {
        var ok = digits[0] is 'x' or 'X'
            ? int.TryParse(digits[1..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out codePoint)
            : int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out codePoint);
        return ok && codePoint is > 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF);
    }

    private static FormatException Error(string what, int position) =>
        new($"Invalid XML at character {position}: {what}.");
}
