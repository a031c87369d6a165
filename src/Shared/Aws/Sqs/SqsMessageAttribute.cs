namespace Sluice.Shared.Aws.Sqs;

/// <summary>A message attribute: DataType String, Number or Binary (then <see cref="BinaryValue"/> is base64).</summary>
public sealed class SqsMessageAttribute
{
    public required string DataType { get; init; }

    public string? StringValue { get; init; }

    public string? BinaryValue { get; init; }
}
