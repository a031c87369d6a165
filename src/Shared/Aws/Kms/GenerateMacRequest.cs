namespace Sluice.Shared.Aws.Kms;

public sealed class GenerateMacRequest
{
    public required string KeyId { get; init; }

    public required byte[] Message { get; init; }

    public required string MacAlgorithm { get; init; }
}
