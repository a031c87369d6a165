using System.Globalization;
using System.Text;

namespace Sluice.Jsonata;

/// <summary>JSON.stringify as $string uses it: functions become "", non-integers keep 15 significant digits.</summary>
internal static class JsonWriter
{
    public static string Stringify(object? value, bool pretty, bool roundNumbers = true)
    {
        var builder = new StringBuilder();
        Write(builder, value, pretty, roundNumbers, 0);
        return builder.ToString();
    }

    private static void Write(StringBuilder sb, object? value, bool pretty, bool round, int depth)
    {
        switch (value)
        {
            case null:
            case JsonataNull:
                sb.Append("null");
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case double d:
                if (round && double.IsInfinity(d))
                {
                    throw new JsonataException("D1001").WithValue(d);
                }
                if (double.IsNaN(d) || double.IsInfinity(d))
                {
                    sb.Append("null");
                }
                else
                {
                    sb.Append(JsNumber.ToString(round && !JsNumber.IsInteger(d) ? JsNumber.ToPrecision(d, 15) : d));
                }
                break;
            case string s:
                WriteString(sb, s);
                break;
            case JsonataFunction:
                WriteString(sb, "");
                break;
            case JsonataArray array:
                WriteArray(sb, array, pretty, round, depth);
                break;
            case JsonataObject obj:
                WriteObject(sb, obj, pretty, round, depth);
                break;
            default:
                WriteString(sb, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
                break;
        }
    }

    private static void WriteArray(StringBuilder sb, JsonataArray array, bool pretty, bool round, int depth)
    {
        if (array.Count == 0)
        {
            sb.Append("[]");
            return;
        }
        sb.Append('[');
        for (var i = 0; i < array.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }
            NewLine(sb, pretty, depth + 1);
            // JSON.stringify writes undefined array items as null
            Write(sb, array[i], pretty, round, depth + 1);
        }
        NewLine(sb, pretty, depth);
        sb.Append(']');
    }

    private static void WriteObject(StringBuilder sb, JsonataObject obj, bool pretty, bool round, int depth)
    {
        var first = true;
        sb.Append('{');
        foreach (var (key, item) in obj)
        {
            if (item is null)
            {
                continue;
            }
            if (!first)
            {
                sb.Append(',');
            }
            first = false;
            NewLine(sb, pretty, depth + 1);
            WriteString(sb, key);
            sb.Append(pretty ? ": " : ":");
            Write(sb, item, pretty, round, depth + 1);
        }
        if (!first)
        {
            NewLine(sb, pretty, depth);
        }
        sb.Append('}');
    }

    private static void NewLine(StringBuilder sb, bool pretty, int depth)
    {
        if (pretty)
        {
            sb.Append('\n').Append(' ', depth * 2);
        }
    }

    public static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                case '\b':
                    sb.Append("\\b");
                    break;
                case '\f':
                    sb.Append("\\f");
                    break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('"');
    }
}
