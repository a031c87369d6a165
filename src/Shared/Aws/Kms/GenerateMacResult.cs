namespace Sluice.Shared.Aws.Kms;

public sealed class GenerateMacResult
{
    public byte[]? Mac { get; init; }

    public string? MacAlgorithm { get; init; }

    public string? KeyId { get; init; }
}
