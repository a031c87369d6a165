using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.LocalCloud.StepFunctions;

/// <summary>Reads a Task's (already evaluated) Parameters, PascalCase as the AWS APIs name them.</summary>
internal static class IntegrationParameters
{
    public static string? Text(JsonObject parameters, string name) => parameters[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
        _ => throw new IntegrationParameterException($"The field {name} must be a string."),
    };

    /// <summary>A message body: a string as it is, any other JSON value serialised (as Step Functions does).</summary>
    public static string? Body(JsonObject parameters, string name) => parameters[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        var node => node.ToJsonString(),
    };

    public static string Required(JsonObject parameters, string name) =>
        Text(parameters, name) ?? throw new IntegrationParameterException($"The field {name} is required.");

    public static int? Int(JsonObject parameters, string name) => parameters[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<int>(out var n) => n,
        JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var n) => n,
        _ => throw new IntegrationParameterException($"The field {name} must be an integer."),
    };

    public static JsonObject? Object(JsonObject parameters, string name) => parameters[name] switch
    {
        null => null,
        JsonObject o => o,
        _ => throw new IntegrationParameterException($"The field {name} must be an object."),
    };

    public static JsonArray? Array(JsonObject parameters, string name) => parameters[name] switch
    {
        null => null,
        JsonArray a => a,
        _ => throw new IntegrationParameterException($"The field {name} must be a list."),
    };

    private static byte[] Base64(string text, string attribute)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new IntegrationParameterException($"The BinaryValue of message attribute {attribute} is not base64.");
        }
    }

    /// <summary>MessageAttributes: {"name": {"DataType", "StringValue" | "BinaryValue" (base64)}}.</summary>
    public static IEnumerable<(string Name, string DataType, string? StringValue, byte[]? BinaryValue)> Attributes(JsonObject parameters, string name)
    {
        foreach (var (key, node) in Object(parameters, name) ?? [])
        {
            var attribute = node as JsonObject ?? throw new IntegrationParameterException($"The message attribute {key} must be an object.");
            var binary = Text(attribute, "BinaryValue");
            yield return (key, Required(attribute, "DataType"), Text(attribute, "StringValue"), binary is null ? null : Base64(binary, key));
        }
    }
}
