using System.Globalization;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Sqs;

/// <summary>SQS parameters of a query-protocol request, optionally under a batch entry's prefix.</summary>
internal sealed class SqsQueryInput(QueryParameters form, string prefix = "") : SqsInput
{
    public override string? String(string name) => form[prefix + name];

    public override int? Int(string name)
    {
        var s = String(name);
        if (s is null)
        {
            return null;
        }
        return int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw SqsErrors.InvalidValue(name, s, "Must be an integer.");
    }

    public override List<string>? StringList(string jsonName, string queryName)
    {
        var list = form.List(prefix + queryName);
        return list.Count == 0 ? null : list;
    }

    public override Dictionary<string, string>? StringMap(string jsonName, string queryEntry, string keyName, string valueName)
    {
        var entries = form.IndexedPrefixes(prefix + queryEntry);
        if (entries.Count == 0)
        {
            return null;
        }
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var key = form[entry + keyName] ?? throw SqsErrors.MissingParameter(entry + keyName);
            map[key] = form[entry + valueName] ?? "";
        }
        return map;
    }

    public override Dictionary<string, SqsAttributeValue>? MessageAttributes(string jsonName, string queryEntry)
    {
        var entries = form.IndexedPrefixes(prefix + queryEntry);
        if (entries.Count == 0)
        {
            return null;
        }
        var result = new Dictionary<string, SqsAttributeValue>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var name = form[entry + "Name"] ?? throw SqsErrors.MissingParameter(entry + "Name");
            var type = form[entry + "Value.DataType"] ?? throw SqsErrors.InvalidParameterValue($"The message (user) attribute '{name}' must contain a non-empty message attribute type.");
            byte[]? binary = null;
            if (form[entry + "Value.BinaryValue"] is { } b64)
            {
                try
                {
                    binary = Convert.FromBase64String(b64);
                }
                catch (FormatException)
                {
                    throw SqsErrors.InvalidParameterValue($"The binary value of message (user) attribute '{name}' is not valid base64.");
                }
            }
            result[name] = new SqsAttributeValue(type, form[entry + "Value.StringValue"], binary);
        }
        return result;
    }

    public override List<SqsInput>? Entries(string jsonName, string queryEntry)
    {
        var entries = form.IndexedPrefixes(prefix + queryEntry);
        return entries.Count == 0 ? null : entries.Select(e => (SqsInput)new SqsQueryInput(form, e)).ToList();
    }
}
