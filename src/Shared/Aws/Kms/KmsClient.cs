namespace Sluice.Shared.Aws.Kms;

/// <summary>AWS KMS over awsJson 1.1 (target prefix <c>TrentService</c>): the HMAC calls the workflow's outcomes are signed and checked with.</summary>
public sealed class KmsClient
{
    /// <summary>GenerateMac and VerifyMac take messages of 1 to 4,096 bytes.</summary>
    public const int MaxMessageBytes = 4096;

    private readonly AwsHttpClient _transport;

    public KmsClient(AwsClientOptions options, HttpClient http)
    {
        _transport = new AwsHttpClient(options, AwsService.Kms, http);
    }

    /// <summary>The HMAC of <paramref name="message"/> under the HMAC key <paramref name="keyId"/> (id, ARN or alias).</summary>
    public async Task<byte[]> GenerateMacAsync(string keyId, byte[] message, string macAlgorithm, CancellationToken cancellationToken = default)
    {
        Check(keyId, message, macAlgorithm);
        var result = await _transport.CallJsonAsync(
            "KMS", "TrentService.GenerateMac", "1.1",
            new GenerateMacRequest { KeyId = keyId, Message = message, MacAlgorithm = macAlgorithm },
            KmsJsonContext.Default.GenerateMacRequest,
            KmsJsonContext.Default.GenerateMacResult,
            cancellationToken).ConfigureAwait(false);
        return result.Mac is { Length: > 0 } mac ? mac : throw new InvalidDataException("KMS GenerateMac returned no Mac.");
    }

    /// <summary>
    /// True when <paramref name="mac"/> is the HMAC of <paramref name="message"/> under the key; false when
    /// KMS answers <c>KMSInvalidMacException</c>. Any other error (throttling, a missing key, no permission)
    /// is thrown: it says nothing about the message.
    /// </summary>
    public async Task<bool> VerifyMacAsync(string keyId, byte[] message, string macAlgorithm, byte[] mac, CancellationToken cancellationToken = default)
    {
        Check(keyId, message, macAlgorithm);
        ArgumentNullException.ThrowIfNull(mac);
        try
        {
            var result = await _transport.CallJsonAsync(
                "KMS", "TrentService.VerifyMac", "1.1",
                new VerifyMacRequest { KeyId = keyId, Message = message, MacAlgorithm = macAlgorithm, Mac = mac },
                KmsJsonContext.Default.VerifyMacRequest,
                KmsJsonContext.Default.VerifyMacResult,
                cancellationToken).ConfigureAwait(false);
            return result.MacValid;
        }
        catch (AwsServiceException e) when (e.ErrorCode == "KMSInvalidMacException")
        {
            return false;
        }
    }

    private static void Check(string keyId, byte[] message, string macAlgorithm)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrEmpty(macAlgorithm);
        if (message.Length is 0 or > MaxMessageBytes)
        {
            throw new ArgumentException($"A MAC message has 1 to {MaxMessageBytes} bytes, got {message.Length}.", nameof(message));
        }
    }
}
