using Sluice.Shared.Aws.Kms;
using Sluice.Shared.Domain;

namespace Sluice.Orchestrator;

/// <summary>KMS GenerateMac with the workflow's HMAC key, which only the Orchestrator's role may use to sign.</summary>
internal sealed class KmsOutcomeSigner(KmsClient kms, string keyId) : IOutcomeSigner
{
    public Task<byte[]> MacAsync(byte[] message, CancellationToken cancellationToken) =>
        kms.GenerateMacAsync(keyId, message, OutcomeSignature.Algorithm, cancellationToken);
}
