namespace Sluice.LocalCloud.Sqs;

/// <summary>A message (or system) attribute: String, Number and Binary types, each with an optional custom suffix.</summary>
internal sealed record SqsAttributeValue(string DataType, string? StringValue, byte[]? BinaryValue)
{
    public bool IsBinary => DataType.StartsWith("Binary", StringComparison.Ordinal);
}
