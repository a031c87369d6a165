using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Sluice.Shared.Envelope;

/// <summary>
/// Reads and validates the envelope. The answer names the first problem found, in the order a
/// reader would check: size, JSON, object, required attributes, their types and values, the event
/// type, the optional attributes, then <c>data</c>.
/// </summary>
public static class CloudEventParser
{
    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = 32 };

    public static EnvelopeResult Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > CloudEvent.MaxBytes)
        {
            return Fail($"event is {utf8.Length} bytes, over the {CloudEvent.MaxBytes}-byte limit");
        }

        if (utf8.IsEmpty)
        {
            return Fail("record is empty");
        }

        string json;
        try
        {
            json = new UTF8Encoding(false, true).GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            return Fail("record is not UTF-8 text");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, s_options);
        }
        catch (JsonException exception)
        {
            return Fail($"record is not valid JSON: {exception.Message}");
        }

        using (document)
        {
            return Validate(document.RootElement.Clone(), json);
        }
    }

    private static EnvelopeResult Validate(JsonElement root, string json)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Fail($"event must be a JSON object, found {Kind(root.ValueKind)}");
        }

        if (RequiredString(root, "specversion", out var specVersion) is { } specProblem)
        {
            return Fail(specProblem);
        }

        if (specVersion != CloudEvent.SpecVersion)
        {
            return Fail($"unsupported specversion '{specVersion}' (expected '{CloudEvent.SpecVersion}')");
        }

        if (RequiredString(root, "id", out var id) is { } idProblem)
        {
            return Fail(idProblem);
        }

        if (RequiredString(root, "source", out var source) is { } sourceProblem)
        {
            return Fail(sourceProblem);
        }

        if (RequiredString(root, "type", out var type) is { } typeProblem)
        {
            return Fail(typeProblem);
        }

        if (!EventTypes.IsKnown(type))
        {
            return Fail($"unknown event type '{type}'");
        }

        string? subject = null;
        if (root.TryGetProperty("subject", out _) || EventTypes.IsOrderEvent(type))
        {
            if (RequiredString(root, "subject", out var s) is { } subjectProblem)
            {
                return Fail(subjectProblem);
            }

            subject = s;
        }

        DateTimeOffset? time = null;
        if (root.TryGetProperty("time", out var timeElement))
        {
            if (timeElement.ValueKind != JsonValueKind.String)
            {
                return Fail($"attribute 'time' must be a string, found {Kind(timeElement.ValueKind)}");
            }

            if (!TryParseRfc3339(timeElement.GetString()!, out var parsed))
            {
                return Fail($"attribute 'time' is not an RFC 3339 timestamp: '{timeElement.GetString()}'");
            }

            time = parsed;
        }

        string? contentType = null;
        if (root.TryGetProperty("datacontenttype", out var contentTypeElement))
        {
            if (contentTypeElement.ValueKind != JsonValueKind.String)
            {
                return Fail($"attribute 'datacontenttype' must be a string, found {Kind(contentTypeElement.ValueKind)}");
            }

            contentType = contentTypeElement.GetString();
            if (!string.Equals(contentType, "application/json", StringComparison.OrdinalIgnoreCase))
            {
                return Fail($"unsupported datacontenttype '{contentType}' (expected 'application/json')");
            }
        }

        if (!root.TryGetProperty("data", out var data))
        {
            return Fail("missing required attribute 'data'");
        }

        if (data.ValueKind != JsonValueKind.Object)
        {
            return Fail($"attribute 'data' must be an object, found {Kind(data.ValueKind)}");
        }

        if (EventTypes.IsOrderEvent(type))
        {
            if (!data.TryGetProperty("orderId", out var orderId) || orderId.ValueKind != JsonValueKind.String)
            {
                return Fail("data.orderId must be a string");
            }

            if (orderId.GetString() != subject)
            {
                return Fail($"data.orderId '{orderId.GetString()}' does not match subject '{subject}'");
            }
        }

        return new EnvelopeResult(new CloudEvent(id, source, type, subject, time, contentType, data, json), null);
    }

    private static string? RequiredString(JsonElement root, string name, out string value)
    {
        value = string.Empty;
        if (!root.TryGetProperty(name, out var element))
        {
            return $"missing required attribute '{name}'";
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return $"attribute '{name}' must be a string, found {Kind(element.ValueKind)}";
        }

        value = element.GetString()!;
        return value.Length == 0 ? $"attribute '{name}' must not be empty" : null;
    }

    private static bool TryParseRfc3339(string text, out DateTimeOffset value)
    {
        value = default;
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
        return text.Length >= 20
            && text[10] is 'T' or 't'
            && hasOffset
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out value);
    }

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static EnvelopeResult Fail(string problem) => new(null, problem);
}
