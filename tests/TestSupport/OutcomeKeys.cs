using System.Security.Cryptography;
using Sluice.Shared.Domain;
using Sluice.Shared.Envelope;

namespace Sluice.TestSupport;

/// <summary>
/// A stand-in for the workflow's KMS HMAC key in unit tests: signs outcome events as the Orchestrator
/// does (<see cref="OutcomeSignature"/>) and verifies them as KMS VerifyMac would, with a key of its own.
/// </summary>
public sealed class OutcomeKeys
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    /// <summary>The HMAC-SHA-256 KMS would compute for <paramref name="message"/>.</summary>
    public byte[] Mac(byte[] message) => HMACSHA256.HashData(_key, message);

    /// <summary>The event as the workflow writes it: with its signature attached.</summary>
    public CloudEvent Sign(CloudEvent e) => Parse(OutcomeSignature.Attach(System.Text.Encoding.UTF8.GetBytes(e.Json), Mac(OutcomeSignature.Message(e))));

    /// <summary>A verifier whose VerifyMac is this key's.</summary>
    public OutcomeVerifier Verifier() =>
        new((message, mac, _) => Task.FromResult(CryptographicOperations.FixedTimeEquals(Mac(message), mac)));

    private static CloudEvent Parse(byte[] json)
    {
        var parsed = CloudEventParser.Parse(json);
        return parsed.IsValid ? parsed.Event : throw new InvalidOperationException(parsed.Problem);
    }
}
