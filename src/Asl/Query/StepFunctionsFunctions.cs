using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sluice.Jsonata;
using JsonataValues = Sluice.Jsonata.JsonValues;

namespace Sluice.Asl.Query;

/// <summary>
/// The functions Step Functions adds to JSONata ($partition, $range, $hash, $random with an optional
/// seed, $uuid, $parse) and the one it removes ($eval, bound to undefined).
/// </summary>
internal static class StepFunctionsFunctions
{
    private const int MaxRangeItems = 1000;

    public static IReadOnlyList<KeyValuePair<string, object?>> All { get; } =
    [
        new("partition", NativeFunction.Create("partition", "<an:a>", args => Partition((JsonataArray)args[0]!, (double)args[1]!))),
        new("range", NativeFunction.Create("range", "<nnn:a<n>>", args => Range((double)args[0]!, (double)args[1]!, (double)args[2]!))),
        new("hash", NativeFunction.Create("hash", "<ss:s>", args => Hash((string)args[0]!, (string)args[1]!))),
        new("random", NativeFunction.Create("random", "<n?:n>", args => Random(args.Count > 0 ? args[0] as double? : null))),
        new("uuid", NativeFunction.Create("uuid", "<:s>", _ => Guid.NewGuid().ToString())),
        new("parse", NativeFunction.Create("parse", "<s:x>", args => Parse((string)args[0]!))),
        new("eval", null),
    ];

    private static JsonataArray Partition(JsonataArray array, double size)
    {
        if (size <= 0 || size != Math.Floor(size))
        {
            throw new StepFunctionsFunctionException($"The chunk size argument provided to $partition must be a positive integer: {Number(size)}");
        }

        var chunk = (int)Math.Min(size, int.MaxValue);
        var result = new JsonataArray();
        for (var i = 0; i < array.Count; i += chunk)
        {
            result.Add(new JsonataArray(array.Skip(i).Take(chunk)));
        }

        return result;
    }

    private static JsonataArray Range(double start, double end, double step)
    {
        if (step == 0 || start != Math.Floor(start) || end != Math.Floor(end) || step != Math.Floor(step))
        {
            throw new StepFunctionsFunctionException("The start, end and step arguments provided to $range must be integers and step must not be 0.");
        }

        // A sequence, as the recordings show: a one-number range is that number.
        var result = new JsonataArray { Sequence = true };
        for (var v = start; step > 0 ? v <= end : v >= end; v += step)
        {
            if (result.Count == MaxRangeItems)
            {
                throw new StepFunctionsFunctionException($"The $range function produces at most {MaxRangeItems} items.");
            }

            result.Add(v);
        }

        return result;
    }

    private static string Hash(string data, string algorithm)
    {
        var bytes = Encoding.UTF8.GetBytes(data);
        var digest = algorithm switch
        {
            "MD5" => MD5.HashData(bytes),
            "SHA-1" => SHA1.HashData(bytes),
            "SHA-256" => SHA256.HashData(bytes),
            "SHA-384" => SHA384.HashData(bytes),
            "SHA-512" => SHA512.HashData(bytes),
            _ => throw new StepFunctionsFunctionException($"The hash algorithm provided to $hash is not supported: {algorithm}. Use MD5, SHA-1, SHA-256, SHA-384 or SHA-512."),
        };
        return Convert.ToHexStringLower(digest);
    }

    private static double Random(double? seed) => seed is { } s
        ? new Random(unchecked((int)(long)s)).NextDouble()
        : System.Random.Shared.NextDouble();

    private static object? Parse(string json)
    {
        try
        {
            return JsonataValues.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            throw new StepFunctionsFunctionException($"The string provided to $parse is not valid JSON: {json}");
        }
    }

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}
