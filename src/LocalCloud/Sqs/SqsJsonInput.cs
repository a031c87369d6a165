using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Sqs;

/// <summary>SQS parameters of an AWS JSON 1.0 request (<c>X-Amz-Target: AmazonSQS.*</c>).</summary>
internal sealed class SqsJsonInput(JsonInput json) : SqsInput
{
    public override string? String(string name) => json.String(name);

    public override int? Int(string name) => json.Int(name);

    public override List<string>? StringList(string jsonName, string queryName) => json.StringList(jsonName);

    public override Dictionary<string, string>? StringMap(string jsonName, string queryEntry, string keyName, string valueName) => json.StringMap(jsonName);

    public override Dictionary<string, SqsAttributeValue>? MessageAttributes(string jsonName, string queryEntry)
    {
        if (!json.Has(jsonName))
        {
            return null;
        }
        var result = new Dictionary<string, SqsAttributeValue>(StringComparer.Ordinal);
        foreach (var (name, value) in json.ObjectMap(jsonName))
        {
            var type = value.String("DataType") ?? throw SqsErrors.InvalidParameterValue($"The message (user) attribute '{name}' must contain a non-empty message attribute type.");
            result[name] = new SqsAttributeValue(type, value.String("StringValue"), value.Blob("BinaryValue"));
        }
        return result;
    }

    public override List<SqsInput>? Entries(string jsonName, string queryEntry) =>
        json.Array(jsonName)?.Select(e => (SqsInput)new SqsJsonInput(e)).ToList();
}
