namespace Sluice.Orchestrator.Tests;

/// <summary>Signs as KMS GenerateMac would, with a test key; or fails as KMS can.</summary>
internal sealed class KeySigner(OutcomeKeys keys) : IOutcomeSigner
{
    public Exception? FailWith { get; set; }

    public Task<byte[]> MacAsync(byte[] message, CancellationToken cancellationToken) =>
        FailWith is not null ? Task.FromException<byte[]>(FailWith) : Task.FromResult(keys.Mac(message));
}
