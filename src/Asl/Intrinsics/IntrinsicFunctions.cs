using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.Asl.Intrinsics;

/// <summary>
/// The States.* intrinsic functions. Argument checks follow the limits AWS documents; a bad
/// argument raises States.IntrinsicFailure (wrapped with the state name by the engine).
/// </summary>
internal static class IntrinsicFunctions
{
    private static readonly HashSet<string> s_known =
    [
        "States.Format", "States.StringToJson", "States.JsonToString", "States.Array", "States.ArrayPartition",
        "States.ArrayContains", "States.ArrayRange", "States.ArrayGetItem", "States.ArrayLength", "States.ArrayUnique",
        "States.Base64Encode", "States.Base64Decode", "States.Hash", "States.JsonMerge", "States.MathRandom",
        "States.MathAdd", "States.StringSplit", "States.UUID",
    ];

    public static bool IsKnown(string name) => s_known.Contains(name);

    /// <summary>Evaluates a call; <paramref name="resolvePath"/> reads <c>$</c>, <c>$$</c> and <c>$var</c> paths.</summary>
    public static JsonNode? Evaluate(IntrinsicExpression.Call call, Func<string, JsonNode?> resolvePath)
    {
        var args = new List<JsonNode?>(call.Arguments.Count);
        foreach (var a in call.Arguments)
        {
            args.Add(a switch
            {
                IntrinsicExpression.Literal l => l.Value?.DeepClone(),
                IntrinsicExpression.Path p => resolvePath(p.Text)?.DeepClone(),
                IntrinsicExpression.Call c => Evaluate(c, resolvePath),
                _ => null,
            });
        }

        return call.Name switch
        {
            "States.Format" => Format(call, args),
            "States.StringToJson" => StringToJson(args),
            "States.JsonToString" => JsonToString(args),
            "States.Array" => new JsonArray([.. args]),
            "States.ArrayPartition" => ArrayPartition(args),
            "States.ArrayContains" => ArrayContains(args),
            "States.ArrayRange" => ArrayRange(args),
            "States.ArrayGetItem" => ArrayGetItem(args),
            "States.ArrayLength" => JsonValue.Create(Array(call.Name, args, 1, 0).Count),
            "States.ArrayUnique" => ArrayUnique(args),
            "States.Base64Encode" => Base64Encode(args),
            "States.Base64Decode" => Base64Decode(args),
            "States.Hash" => Hash(args),
            "States.JsonMerge" => JsonMerge(args),
            "States.MathRandom" => MathRandom(args),
            "States.MathAdd" => MathAdd(args),
            "States.StringSplit" => StringSplit(args),
            "States.UUID" => Uuid(args),
            _ => throw Fail(call.Name, "unknown function"),
        };
    }

    private static StatesException Fail(string function, string detail) =>
        new(StatesErrors.IntrinsicFailure, $"Invalid arguments in {function}: {detail}");

    private static void Count(string function, List<JsonNode?> args, int min, int max)
    {
        if (args.Count < min || args.Count > max)
        {
            var expected = min == max ? min.ToString(CultureInfo.InvariantCulture) : $"{min} to {max}";
            throw Fail(function, $"expected {expected} arguments but got {args.Count}");
        }
    }

    private static JsonArray Array(string function, List<JsonNode?> args, int count, int index)
    {
        Count(function, args, count, count);
        return args[index] as JsonArray ?? throw Fail(function, $"argument {index + 1} must be an array");
    }

    private static string Str(string function, List<JsonNode?> args, int index) =>
        JsonValues.TryString(args[index], out var s) ? s : throw Fail(function, $"argument {index + 1} must be a string");

    private static long Int(string function, List<JsonNode?> args, int index) =>
        JsonValues.IsInteger(args[index], out var l) ? l : throw Fail(function, $"argument {index + 1} must be an integer");

    private static JsonNode Format(IntrinsicExpression.Call call, List<JsonNode?> args)
    {
        const string Name = "States.Format";
        // The template is usually a literal; a path or variable holding a string works too.
        var template = args.Count == 0
            ? null
            : call.Arguments[0] is IntrinsicExpression.Literal { FormatTemplate: { } literal }
                ? literal
                : JsonValues.TryString(args[0], out var fromPath) ? fromPath : null;
        if (template is null)
        {
            throw Fail(Name, "the first argument must be a string");
        }

        var sb = new StringBuilder();
        var next = 1;
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '\\' && i + 1 < template.Length && template[i + 1] is '{' or '}')
            {
                sb.Append(template[++i]);
            }
            else if (c == '{' && i + 1 < template.Length && template[i + 1] == '}')
            {
                if (next >= args.Count)
                {
                    throw Fail(Name, "the number of arguments does not match the number of placeholders");
                }

                JavaText(args[next++], sb);
                i++;
            }
            else
            {
                sb.Append(c);
            }
        }

        if (next != args.Count)
        {
            throw Fail(Name, "the number of arguments does not match the number of placeholders");
        }

        return JsonValue.Create(sb.ToString());
    }

    /// <summary>AWS formats objects and arrays the way Java prints a Map or List: {a=1, b=[x, y]}.</summary>
    private static void JavaText(JsonNode? value, StringBuilder sb)
    {
        switch (value)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject o:
                sb.Append('{');
                var first = true;
                foreach (var (key, item) in o)
                {
                    sb.Append(first ? string.Empty : ", ").Append(key).Append('=');
                    JavaText(item, sb);
                    first = false;
                }

                sb.Append('}');
                break;
            case JsonArray a:
                sb.Append('[');
                for (var k = 0; k < a.Count; k++)
                {
                    sb.Append(k == 0 ? string.Empty : ", ");
                    JavaText(a[k], sb);
                }

                sb.Append(']');
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                sb.Append(v.GetValue<string>());
                break;
            default:
                sb.Append(JsonValues.ToJson(value));
                break;
        }
    }

    private static JsonNode? StringToJson(List<JsonNode?> args)
    {
        const string Name = "States.StringToJson";
        Count(Name, args, 1, 1);
        var s = Str(Name, args, 0);
        try
        {
            // A blank string is null, as the recordings show.
            return string.IsNullOrWhiteSpace(s) ? null : JsonValues.Parse(s);
        }
        catch (JsonException)
        {
            throw Fail(Name, "the string is not valid JSON");
        }
    }

    private static JsonNode JsonToString(List<JsonNode?> args)
    {
        Count("States.JsonToString", args, 1, 1);
        return JsonValue.Create(JsonValues.ToJson(args[0]));
    }

    private static JsonArray ArrayPartition(List<JsonNode?> args)
    {
        const string Name = "States.ArrayPartition";
        var array = Array(Name, args, 2, 0);
        var size = Int(Name, args, 1);
        if (size <= 0)
        {
            throw Fail(Name, "the chunk size must be greater than 0");
        }

        var result = new JsonArray();
        JsonArray? chunk = null;
        foreach (var item in array)
        {
            if (chunk is null || chunk.Count == size)
            {
                chunk = [];
                result.Add((JsonNode)chunk);
            }

            chunk.Add(item?.DeepClone());
        }

        return result;
    }

    private static JsonNode ArrayContains(List<JsonNode?> args)
    {
        var array = Array("States.ArrayContains", args, 2, 0);
        return JsonValue.Create(array.Any(item => JsonEquality.Equal(item, args[1])));
    }

    private static JsonArray ArrayRange(List<JsonNode?> args)
    {
        const string Name = "States.ArrayRange";
        Count(Name, args, 3, 3);
        var start = Int(Name, args, 0);
        var end = Int(Name, args, 1);
        var step = Int(Name, args, 2);
        if (step == 0)
        {
            throw Fail(Name, "the step must not be 0");
        }

        var result = new JsonArray();
        for (var i = start; step > 0 ? i <= end : i >= end; i += step)
        {
            if (result.Count == 1000)
            {
                throw Fail(Name, "the result cannot contain more than 1000 items");
            }

            result.Add((JsonNode)JsonValue.Create(i));
        }

        return result;
    }

    private static JsonNode? ArrayGetItem(List<JsonNode?> args)
    {
        const string Name = "States.ArrayGetItem";
        var array = Array(Name, args, 2, 0);
        var index = Int(Name, args, 1);
        if (index < 0 || index >= array.Count)
        {
            throw Fail(Name, $"index {index} is out of bounds for an array of length {array.Count}");
        }

        return array[(int)index]?.DeepClone();
    }

    private static JsonArray ArrayUnique(List<JsonNode?> args)
    {
        var array = Array("States.ArrayUnique", args, 1, 0);
        var result = new JsonArray();
        foreach (var item in array)
        {
            if (!result.Any(r => JsonEquality.Equal(r, item)))
            {
                result.Add(item?.DeepClone());
            }
        }

        return result;
    }

    private static JsonNode Base64Encode(List<JsonNode?> args)
    {
        const string Name = "States.Base64Encode";
        Count(Name, args, 1, 1);
        var s = Str(Name, args, 0);
        if (s.Length > 10000)
        {
            throw Fail(Name, "the input string cannot be longer than 10000 characters");
        }

        return JsonValue.Create(Convert.ToBase64String(Encoding.UTF8.GetBytes(s)));
    }

    private static JsonNode Base64Decode(List<JsonNode?> args)
    {
        const string Name = "States.Base64Decode";
        Count(Name, args, 1, 1);
        var s = Str(Name, args, 0);
        if (s.Length > 10000)
        {
            throw Fail(Name, "the input string cannot be longer than 10000 characters");
        }

        try
        {
            return JsonValue.Create(Encoding.UTF8.GetString(Convert.FromBase64String(s)));
        }
        catch (FormatException)
        {
            throw Fail(Name, "the input is not valid base64");
        }
    }

    private static JsonNode Hash(List<JsonNode?> args)
    {
        const string Name = "States.Hash";
        Count(Name, args, 2, 2);
        if (args[0] is null)
        {
            throw Fail(Name, "the data to hash must not be null");
        }

        var data = JsonValues.TryString(args[0], out var s) ? s : JsonValues.ToJson(args[0]);
        if (data.Length > 10000)
        {
            throw Fail(Name, "the input string cannot be longer than 10000 characters");
        }

        var bytes = Encoding.UTF8.GetBytes(data);
        var hash = Str(Name, args, 1) switch
        {
            "MD5" => MD5.HashData(bytes),
            "SHA-1" => SHA1.HashData(bytes),
            "SHA-256" => SHA256.HashData(bytes),
            "SHA-384" => SHA384.HashData(bytes),
            "SHA-512" => SHA512.HashData(bytes),
            var other => throw Fail(Name, $"'{other}' is not a supported algorithm (MD5, SHA-1, SHA-256, SHA-384, SHA-512)"),
        };
        return JsonValue.Create(Convert.ToHexStringLower(hash));
    }

    private static JsonObject JsonMerge(List<JsonNode?> args)
    {
        const string Name = "States.JsonMerge";
        Count(Name, args, 3, 3);
        if (args[0] is not JsonObject left || args[1] is not JsonObject right)
        {
            throw Fail(Name, "the first two arguments must be JSON objects");
        }

        if (!JsonValues.TryBoolean(args[2], out var deep))
        {
            throw Fail(Name, "the third argument must be a boolean");
        }

        if (deep)
        {
            throw Fail(Name, "deep merging is not supported; the third argument must be false");
        }

        var result = (JsonObject)left.DeepClone();
        foreach (var p in right)
        {
            result[p.Key] = p.Value?.DeepClone();
        }

        return result;
    }

    private static JsonNode MathRandom(List<JsonNode?> args)
    {
        const string Name = "States.MathRandom";
        Count(Name, args, 2, 3);
        var start = Truncate(Name, args, 0);
        var end = Truncate(Name, args, 1);
        if (end < start)
        {
            throw Fail(Name, "the end of the range must not be less than its start");
        }

        var random = args.Count == 3 ? new Random((int)Truncate(Name, args, 2)) : Random.Shared;
        return JsonValue.Create(start == end ? start : random.NextInt64(start, end));
    }

    private static long Truncate(string function, List<JsonNode?> args, int index) =>
        JsonValues.TryNumber(args[index], out var d) ? (long)d : throw Fail(function, $"argument {index + 1} must be a number");

    private static JsonNode MathAdd(List<JsonNode?> args)
    {
        const string Name = "States.MathAdd";
        Count(Name, args, 2, 2);

        // Each operand is rounded half up before adding, as the recordings show (1.49 + 1.5 = 3; -1.5 + 0 = -1).
        long Round(int i) => JsonValues.TryNumber(args[i], out var d)
            ? (long)Math.Floor(d + 0.5)
            : throw Fail(Name, $"argument {i + 1} must be a number");
        var a = Round(0);
        var b = Round(1);
        if (a is < int.MinValue or > int.MaxValue || b is < int.MinValue or > int.MaxValue)
        {
            throw Fail(Name, "the numbers must be in the range of a 32-bit signed integer");
        }

        return JsonValue.Create(a + b);
    }

    private static JsonArray StringSplit(List<JsonNode?> args)
    {
        const string Name = "States.StringSplit";
        Count(Name, args, 2, 2);
        var s = Str(Name, args, 0);
        var delimiters = Str(Name, args, 1).ToCharArray();
        return [.. s.Split(delimiters, StringSplitOptions.RemoveEmptyEntries).Select(p => (JsonNode?)JsonValue.Create(p))];
    }

    private static JsonNode Uuid(List<JsonNode?> args)
    {
        Count("States.UUID", args, 0, 0);
        return JsonValue.Create(Guid.NewGuid().ToString());
    }
}
