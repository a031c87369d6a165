namespace Sluice.LocalCloud.Sns;

/// <summary>An SNS message attribute: String, String.Array, Number or Binary.</summary>
internal sealed record SnsAttributeValue(string DataType, string? StringValue, byte[]? BinaryValue)
{
    public bool IsBinary => DataType.StartsWith("Binary", StringComparison.Ordinal);
}
