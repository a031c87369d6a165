using Sluice.Shared.Aws.Kms;
using Sluice.Shared.Envelope;

namespace Sluice.Shared.Domain;

/// <summary>
/// Decides whether an outcome event is the workflow's: its source, its signature, and KMS VerifyMac
/// with the workflow's key (<see cref="OutcomeSignature"/>). Ingest refuses what fails; the readers
/// (<c>history</c>, the demo) fold only what passes. Verdicts are kept per event identity and signature,
/// so reading the same event again costs no second call.
/// </summary>
public sealed class OutcomeVerifier
{
    private readonly Func<byte[], byte[], CancellationToken, Task<bool>> _verifyMac;
    private readonly Dictionary<(string Message, string Mac), bool> _verdicts = [];
    private readonly Lock _gate = new();

    /// <param name="verifyMac">KMS VerifyMac with the workflow's key: (message, mac) → valid; throws when KMS cannot answer.</param>
    public OutcomeVerifier(Func<byte[], byte[], CancellationToken, Task<bool>> verifyMac)
    {
        ArgumentNullException.ThrowIfNull(verifyMac);
        _verifyMac = verifyMac;
    }

    /// <summary>The verifier for the key <paramref name="keyId"/> (id, ARN or alias) through <paramref name="kms"/>.</summary>
    public static OutcomeVerifier ForKey(KmsClient kms, string keyId)
    {
        ArgumentNullException.ThrowIfNull(kms);
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        return new OutcomeVerifier((message, mac, cancellationToken) => kms.VerifyMacAsync(keyId, message, OutcomeSignature.Algorithm, mac, cancellationToken));
    }

    /// <summary>Null when <paramref name="e"/> is not an outcome or is the workflow's; otherwise why it is not.</summary>
    /// <exception cref="Exception">KMS could not answer (throttled, unreachable, no permission): nothing is decided.</exception>
    public async Task<string?> RefusalAsync(CloudEvent e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (OutcomeSignature.Precheck(e) is { } refused)
        {
            return refused;
        }

        if (!EventTypes.IsOutcome(e.Type))
        {
            return null;
        }

        var mac = OutcomeSignature.Read(e)!;
        var message = OutcomeSignature.Message(e);
        var key = (Convert.ToBase64String(message), Convert.ToBase64String(mac));
        bool valid;
        lock (_gate)
        {
            if (_verdicts.TryGetValue(key, out valid))
            {
                return valid ? null : OutcomeSignature.Forged(e);
            }
        }

        valid = await _verifyMac(message, mac, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _verdicts[key] = valid;
        }

        return valid ? null : OutcomeSignature.Forged(e);
    }

    /// <summary>The refusal of every outcome among <paramref name="events"/> that is not the workflow's (by reference).</summary>
    public async Task<IReadOnlyDictionary<CloudEvent, string>> RefusalsAsync(IEnumerable<CloudEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var refusals = new Dictionary<CloudEvent, string>(ReferenceEqualityComparer.Instance);
        foreach (var e in events)
        {
            if (await RefusalAsync(e, cancellationToken).ConfigureAwait(false) is { } reason)
            {
                refusals[e] = reason;
            }
        }

        return refusals;
    }
}
