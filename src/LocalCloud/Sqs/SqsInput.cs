namespace Sluice.LocalCloud.Sqs;

/// <summary>
/// SQS parameters read the same way from either wire protocol: the JSON member names, and for the
/// query protocol the flattened names (<c>Attribute.1.Name</c>, <c>MessageAttribute.1.Value.StringValue</c>, ...).
/// </summary>
internal abstract class SqsInput
{
    public abstract string? String(string name);

    public abstract int? Int(string name);

    /// <summary>A list of strings: JSON <paramref name="jsonName"/>, query <c><paramref name="queryName"/>.N</c>.</summary>
    public abstract List<string>? StringList(string jsonName, string queryName);

    /// <summary>A string map: JSON object, query <c>entry.N.key</c>/<c>entry.N.value</c>.</summary>
    public abstract Dictionary<string, string>? StringMap(string jsonName, string queryEntry, string keyName, string valueName);

    public abstract Dictionary<string, SqsAttributeValue>? MessageAttributes(string jsonName, string queryEntry);

    public abstract List<SqsInput>? Entries(string jsonName, string queryEntry);

    public string Required(string name) => String(name) ?? throw SqsErrors.MissingParameter(name);
}
