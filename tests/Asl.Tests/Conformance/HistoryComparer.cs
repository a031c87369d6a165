using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Sluice.Asl.Tests.Conformance;

/// <summary>
/// Compares a recorded history with ours event by event: type, id, previousEventId and every
/// detail, skipping only what the recorder normalised (timestamps, ids in &lt;angle brackets&gt;,
/// request ids, role ARNs). Events the recorder could not order (Parallel branches, ids shown as
/// "[0]") are compared as a set.
/// </summary>
internal static partial class HistoryComparer
{
    // Values the snapshot recorder wrote in place of the real one.
    private static readonly HashSet<string> s_normalised =
    [
        "timestamp", "date", "datetime", "snf_role_arn", "RequestId", "x-amzn-RequestId", "X-Amzn-Trace-Id",
        "start-time", "entered-time", "generated-uuid", "RandomNumberGenerated", "<timestamp>", "a_task_token", "map_run_arn",
    ];

    public static string? Compare(JsonArray expected, JsonArray actual)
    {
        // The recorder lost ParallelStateSucceeded (its id is skipped in every recorded Parallel); do not count ours.
        if (!expected.Any(e => e?["type"]?.GetValue<string>() == "ParallelStateSucceeded"))
        {
            actual = new JsonArray([.. actual.Where(e => e?["type"]?.GetValue<string>() != "ParallelStateSucceeded").Select(e => e!.DeepClone())]);
        }

        if (expected.Count != actual.Count)
        {
            return $"expected {expected.Count} events, got {actual.Count}: {Types(expected)} vs {Types(actual)}";
        }

        var i = 0;
        while (i < expected.Count)
        {
            if (IsUnordered(expected[i]))
            {
                var end = i;
                while (end < expected.Count && IsUnordered(expected[end]))
                {
                    end++;
                }

                var pool = Enumerable.Range(i, end - i).Select(k => actual[k]).ToList();
                for (var k = i; k < end; k++)
                {
                    var match = pool.FirstOrDefault(a => Event(expected[k]!.AsObject(), a!.AsObject(), ignoreIds: true) is null);
                    if (match is null)
                    {
                        return $"event #{k + 1} ({expected[k]!["type"]}, unordered group): no match among ours; first difference: {Event(expected[k]!.AsObject(), actual[k]!.AsObject(), ignoreIds: true)}";
                    }

                    pool.Remove(match);
                }

                i = end;
                continue;
            }

            if (Event(expected[i]!.AsObject(), actual[i]!.AsObject(), ignoreIds: false) is { } difference)
            {
                return $"event #{i + 1} ({expected[i]!["type"]}): {difference}";
            }

            i++;
        }

        return null;
    }

    private static string Types(JsonArray events) => string.Join(",", events.Select(e => e!["type"]!.GetValue<string>()));

    private static bool IsUnordered(JsonNode? e) => e?["id"] is JsonArray || (e?["id"] is JsonValue v && v.GetValueKind() == JsonValueKind.String);

    private static string? Event(JsonObject expected, JsonObject actual, bool ignoreIds)
    {
        foreach (var (key, value) in expected)
        {
            if (key == "timestamp" || (ignoreIds && key is "id" or "previousEventId") || (key == "previousEventId" && IsUnordered(expected)))
            {
                continue;
            }

            if (!actual.TryGetPropertyValue(key, out var ours))
            {
                return $"missing {key}";
            }

            if (Value(value, ours, key) is { } difference)
            {
                return difference;
            }
        }

        foreach (var (key, _) in actual)
        {
            if (key != "timestamp" && !expected.ContainsKey(key))
            {
                return $"unexpected {key}";
            }
        }

        return null;
    }

    public static string? Value(JsonNode? expected, JsonNode? actual, string path)
    {
        // The recorded Content-Length counts the real function and resource names the recorder replaced.
        if (path.EndsWith("Content-Length", StringComparison.Ordinal) || path.EndsWith("Content-Length[0]", StringComparison.Ordinal))
        {
            return null;
        }

        if (expected is JsonValue ev && ev.GetValueKind() == JsonValueKind.String)
        {
            var e = ev.GetValue<string>();
            if (actual is JsonValue av && av.GetValueKind() == JsonValueKind.String)
            {
                var a = av.GetValue<string>();
                if (e == a || s_normalised.Contains(e) || (e.Contains('<', StringComparison.Ordinal) && Placeholder(e).IsMatch(a)))
                {
                    return null;
                }

                var pe = RecordedStubs.Parse(ev);
                var pa = RecordedStubs.Parse(av);
                return ReferenceEquals(pe, ev) || ReferenceEquals(pa, av) ? Mismatch(path, e, a) : Value(pe, pa, path);
            }

            return s_normalised.Contains(e) ? null : Mismatch(path, e, actual?.ToJsonString());
        }

        if (actual is JsonValue sv && sv.GetValueKind() == JsonValueKind.String && expected is not JsonValue { } && expected is not null)
        {
            var parsed = RecordedStubs.Parse(sv);
            return ReferenceEquals(parsed, sv) ? Mismatch(path, expected.ToJsonString(), sv.GetValue<string>()) : Value(expected, parsed, path);
        }

        if (actual is JsonValue nv && nv.GetValueKind() == JsonValueKind.String && expected is JsonValue other)
        {
            var parsed = RecordedStubs.Parse(nv);
            return ReferenceEquals(parsed, nv) ? Mismatch(path, other.ToJsonString(), nv.GetValue<string>()) : Value(expected, parsed, path);
        }

        switch (expected)
        {
            case JsonObject eo:
                if (actual is not JsonObject ao)
                {
                    return Mismatch(path, eo.ToJsonString(), actual?.ToJsonString());
                }

                foreach (var (key, value) in eo)
                {
                    if (!ao.TryGetPropertyValue(key, out var ours))
                    {
                        return $"{path}.{key} missing";
                    }

                    if (Value(value, ours, $"{path}.{key}") is { } d)
                    {
                        return d;
                    }
                }

                var extra = ao.Select(p => p.Key).Where(k => !eo.ContainsKey(k)).ToList();
                return extra.Count > 0 ? $"{path} has unexpected {string.Join(", ", extra)}" : null;
            case JsonArray ea:
                if (actual is not JsonArray aa || aa.Count != ea.Count)
                {
                    return Mismatch(path, ea.ToJsonString(), actual?.ToJsonString());
                }

                for (var k = 0; k < ea.Count; k++)
                {
                    if (Value(ea[k], aa[k], $"{path}[{k}]") is { } d)
                    {
                        return d;
                    }
                }

                return null;
            case null:
                return actual is null ? null : Mismatch(path, "null", actual.ToJsonString());
            default:
                if (JsonValues.TryNumber(expected, out var x) && JsonValues.TryNumber(actual, out var y))
                {
                    return x == y ? null : Mismatch(path, expected.ToJsonString(), actual!.ToJsonString());
                }

                return JsonNode.DeepEquals(expected, actual) ? null : Mismatch(path, expected.ToJsonString(), actual?.ToJsonString());
        }
    }

    private static string Mismatch(string path, string? expected, string? actual) =>
        $"{path}: expected {Cut(expected)} but was {Cut(actual)}";

    private static string Cut(string? s) => s is null ? "(absent)" : s.Length > 300 ? s[..300] + "..." : s;

    private static Regex Placeholder(string expected)
    {
        // Placeholders nest ("<<task_token>:1>"): collapse the innermost until none is left.
        const char Marker = '\u0001';
        var collapsed = expected;
        while (PlaceholderToken().IsMatch(collapsed))
        {
            collapsed = PlaceholderToken().Replace(collapsed, Marker.ToString());
        }

        var parts = collapsed.Split(Marker).Select(Regex.Escape);
        return new Regex("^" + string.Join(".*", parts) + "$", RegexOptions.Singleline);
    }

    [GeneratedRegex("<[^<>]+>")]
    private static partial Regex PlaceholderToken();
}
