using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sluice.LocalCloud.Protocol;

/// <summary>One way a request breaks its input shape, said as AWS's request validation says it.</summary>
/// <param name="Path">Where: the member names with the first letter lower-cased, list items as <c>name.N.member</c>, map values as <c>name.key.member</c>.</param>
/// <param name="Value">The offending value as AWS prints it (<c>null</c>, or quoted); null for a sensitive member, whose value AWS never prints.</param>
/// <param name="Constraint">The constraint it fails (<c>Member must not be null</c>, ...).</param>
/// <param name="Member">The member's wire name (for services that name a missing parameter instead).</param>
/// <param name="TopLevel">The member belongs to the request itself rather than to a nested structure.</param>
internal sealed record ModelViolation(string Path, string? Value, string Constraint, string Member, bool TopLevel)
{
    public override string ToString() => $"Value {(Value is null ? "" : Value + " ")}at '{Path}' failed to satisfy constraint: {Constraint}";

    /// <summary>AWS's message for a list of violations: <c>2 validation errors detected: ...; ...</c>.</summary>
    public static string Message(IReadOnlyList<ModelViolation> violations) =>
        $"{violations.Count} validation error{(violations.Count == 1 ? "" : "s")} detected: {string.Join("; ", violations)}";
}

/// <summary>
/// Holds a request to its operation's input shape before the service sees it, as AWS does: every
/// required member present, lengths, ranges, patterns and enum values as the model declares them.
/// A JSON value of the wrong type is a <c>SerializationException</c>; everything else is collected
/// and answered at once.
/// </summary>
internal static class ModelValidator
{
    /// <summary>
    /// The violations of a request (its members as a JSON object) against <paramref name="input"/>; empty
    /// when it holds a string no .NET string can hold (a lone surrogate escape), which the service's
    /// own parser names.
    /// </summary>
    public static List<ModelViolation> Check(ModelShape input, JsonElement body)
    {
        var violations = new List<ModelViolation>();
        try
        {
            Structure(input, body, "", topLevel: true, violations);
        }
        catch (InvalidOperationException)
        {
            violations.Clear();
        }
        return violations;
    }

    private static void Structure(ModelShape shape, JsonElement value, string path, bool topLevel, List<ModelViolation> violations)
    {
        foreach (var member in shape.Members)
        {
            var memberPath = Join(path, member.Name);
            if (!value.TryGetProperty(member.Name, out var memberValue) || memberValue.ValueKind == JsonValueKind.Null)
            {
                if (shape.Required.Contains(member.Name))
                {
                    violations.Add(new ModelViolation(memberPath, "null", "Member must not be null", member.Name, topLevel));
                }
                continue;
            }
            Value(member.Shape, memberValue, memberPath, member.Name, topLevel, violations);
        }
    }

    private static void Value(ModelShape shape, JsonElement value, string path, string member, bool topLevel, List<ModelViolation> violations)
    {
        var before = violations.Count;
        Unprinted(shape, value, path, member, topLevel, violations);
        if (shape.Sensitive)
        {
            for (var i = before; i < violations.Count; i++)
            {
                violations[i] = violations[i] with { Value = null };
            }
        }
    }

    private static void Unprinted(ModelShape shape, JsonElement value, string path, string member, bool topLevel, List<ModelViolation> violations)
    {
        switch (shape.Type)
        {
            case "structure":
                Expect(value, JsonValueKind.Object, path, "a structure");
                Structure(shape, value, path, topLevel: false, violations);
                break;
            case "list":
                Expect(value, JsonValueKind.Array, path, "a list");
                Length(shape, value.GetArrayLength(), value, path, member, topLevel, violations);
                var index = 1;
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Null)
                    {
                        Value(shape.Member!.Shape, item, $"{path}.{index}.member", member, false, violations);
                    }
                    index++;
                }
                break;
            case "map":
                Expect(value, JsonValueKind.Object, path, "a map");
                var count = 0;
                foreach (var entry in value.EnumerateObject())
                {
                    count++;
                    Text(shape.Key!.Shape, entry.Name, $"{path}.{entry.Name}.key", member, false, violations);
                    if (entry.Value.ValueKind != JsonValueKind.Null)
                    {
                        Value(shape.Value!.Shape, entry.Value, $"{path}.{entry.Name}.member", member, false, violations);
                    }
                }
                Length(shape, count, value, path, member, topLevel, violations);
                break;
            case "string":
                Expect(value, JsonValueKind.String, path, "a string");
                Text(shape, value.GetString()!, path, member, topLevel, violations);
                break;
            case "integer" or "long" or "float" or "double":
                Expect(value, JsonValueKind.Number, path, "a number");
                var number = value.GetDouble();
                // Java prints a double bound with its fraction (1.0), an integer one without.
                var real = shape.Type is "float" or "double";
                if (shape.Min is { } min && number < min)
                {
                    violations.Add(new ModelViolation(path, Quote(value.GetRawText()), $"Member must have value greater than or equal to {Format(min, real)}", member, topLevel));
                }
                if (shape.Max is { } max && number > max)
                {
                    violations.Add(new ModelViolation(path, Quote(value.GetRawText()), $"Member must have value less than or equal to {Format(max, real)}", member, topLevel));
                }
                break;
            case "boolean":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    throw Mismatch(value, path, "a boolean");
                }
                break;
            case "blob":
                Expect(value, JsonValueKind.String, path, "a base64-encoded blob");
                var encoded = value.GetString()!;
                if (shape.Min is not null || shape.Max is not null)
                {
                    var bytes = DecodedLength(encoded);
                    // AWS prints a blob as the Java buffer that holds it.
                    Length(shape, bytes, $"'java.nio.HeapByteBuffer[pos=0 lim={bytes} cap={bytes}]'", path, member, topLevel, violations);
                }
                break;
            case "timestamp":
                if (value.ValueKind is not (JsonValueKind.Number or JsonValueKind.String))
                {
                    throw Mismatch(value, path, "a timestamp");
                }
                break;
            default:
                break;
        }
    }

    /// <summary>A string value (or a map key): pattern first, then length, then enum, in the order AWS lists them.</summary>
    public static void Text(ModelShape shape, string text, string path, string member, bool topLevel, List<ModelViolation> violations)
    {
        if (shape.Regex is { } regex && !Matches(regex, text))
        {
            violations.Add(new ModelViolation(path, Quote(text), "Member must satisfy regular expression pattern: " + shape.Pattern, member, topLevel));
        }
        Length(shape, text.Length, Quote(text), path, member, topLevel, violations);
        if (shape.Enum is { } values && !values.Contains(text, StringComparer.Ordinal))
        {
            violations.Add(new ModelViolation(path, Quote(text), $"Member must satisfy enum value set: [{string.Join(", ", values)}]", member, topLevel));
        }
    }

    private static void Length(ModelShape shape, long length, JsonElement value, string path, string member, bool topLevel, List<ModelViolation> violations) =>
        Length(shape, length, Quote(Printed(value)), path, member, topLevel, violations);

    private static void Length(ModelShape shape, long length, string printed, string path, string member, bool topLevel, List<ModelViolation> violations)
    {
        if (shape.Min is { } min && length < min)
        {
            violations.Add(new ModelViolation(path, printed, $"Member must have length greater than or equal to {Format(min)}", member, topLevel));
        }
        if (shape.Max is { } max && length > max)
        {
            violations.Add(new ModelViolation(path, printed, $"Member must have length less than or equal to {Format(max)}", member, topLevel));
        }
    }

    private static bool Matches(Regex regex, string text)
    {
        try
        {
            return regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return true; // a pattern too costly to judge is left to the service
        }
    }

    private static void Expect(JsonElement value, JsonValueKind kind, string path, string expected)
    {
        if (value.ValueKind != kind)
        {
            throw Mismatch(value, path, expected);
        }
    }

    private static AwsServiceException Mismatch(JsonElement value, string path, string expected) =>
        AwsServiceException.Serialization($"Unexpected {value.ValueKind.ToString().ToLowerInvariant()} value at '{path}': expected {expected}");

    private static string Join(string path, string member)
    {
        var name = member.Length > 0 ? char.ToLowerInvariant(member[0]) + member[1..] : member;
        return path.Length == 0 ? name : path + "." + name;
    }

    private static string Quote(string text) => "'" + text + "'";

    /// <summary>A value as Java's <c>toString</c> prints it: strings bare, lists as <c>[a, b]</c>, maps as <c>{k=v}</c>.</summary>
    private static string Printed(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Array => "[" + string.Join(", ", value.EnumerateArray().Select(Printed)) + "]",
        JsonValueKind.Object => "{" + string.Join(", ", value.EnumerateObject().Select(p => p.Name + "=" + Printed(p.Value))) + "}",
        _ => value.GetRawText(),
    };

    private static string Format(double number, bool real = false) =>
        number.ToString(real && number == Math.Floor(number) ? "0.0" : "0.################", CultureInfo.InvariantCulture);

    private static long DecodedLength(string base64)
    {
        var length = base64.Length;
        var padding = length > 0 && base64[^1] == '=' ? (length > 1 && base64[^2] == '=' ? 2 : 1) : 0;
        return Math.Max(0, (long)length / 4 * 3 + (length % 4 == 0 ? 0 : length % 4 - 1) - padding);
    }
}
