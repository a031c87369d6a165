namespace Sluice.Shared.Aws.Kms;

public sealed class VerifyMacResult
{
    public string? KeyId { get; init; }

    public bool MacValid { get; init; }

    public string? MacAlgorithm { get; init; }
}
