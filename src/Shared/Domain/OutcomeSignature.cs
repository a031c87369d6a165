using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sluice.Shared.Envelope;

namespace Sluice.Shared.Domain;

/// <summary>
/// How the workflow signs its outcome events, so that no one else can write one. The Orchestrator
/// computes an HMAC of <see cref="Message"/> with a KMS HMAC key only its role may use for
/// GenerateMac, and adds it to the event as the CloudEvents extension attribute <see cref="Attribute"/>
/// (base64). Readers check it with VerifyMac (<see cref="OutcomeVerifier"/>). The message covers the
/// envelope (source, id, type, subject, time) and the SHA-256 of <c>data</c> exactly as written, so any
/// change to a signed event, or an event copied to another order, no longer verifies.
/// </summary>
public static class OutcomeSignature
{
    /// <summary>The extension attribute that carries the signature (CloudEvents: lower-case letters and digits).</summary>
    public const string Attribute = "sluicemac";

    /// <summary>The KMS MAC algorithm; the template's key is <c>HMAC_256</c>.</summary>
    public const string Algorithm = "HMAC_SHA_256";

    private const string Version = "sluice-outcome-v1";

    /// <summary>The 32 bytes that are signed: SHA-256 of the envelope's attributes and of <c>data</c>'s bytes.</summary>
    public static byte[] Message(CloudEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var data = SHA256.HashData(Encoding.UTF8.GetBytes(e.Data.GetRawText()));
        var time = e.Time?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) ?? "";
        var canonical = string.Join('\n', Version, e.Source, e.Id, e.Type, e.Subject ?? "", time, Convert.ToHexStringLower(data));
        return SHA256.HashData(Encoding.UTF8.GetBytes(canonical));
    }

    /// <summary>The event with <see cref="Attribute"/> added before <c>data</c>; every other byte of <c>data</c> stays as written.</summary>
    public static byte[] Attach(ReadOnlySpan<byte> eventJson, byte[] mac)
    {
        ArgumentNullException.ThrowIfNull(mac);
        using var document = JsonDocument.Parse(eventJson.ToArray());
        var buffer = new ArrayBufferWriter<byte>(eventJson.Length + 64);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.NameEquals(Attribute))
                {
                    continue;
                }

                if (property.NameEquals("data"))
                {
                    writer.WriteString(Attribute, Convert.ToBase64String(mac));
                }

                writer.WritePropertyName(property.Name);
                writer.WriteRawValue(property.Value.GetRawText(), skipInputValidation: true);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The signature an event carries; null when it has none or it is not base64.</summary>
    public static byte[]? Read(CloudEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        using var document = JsonDocument.Parse(e.Json);
        if (!document.RootElement.TryGetProperty(Attribute, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            var mac = Convert.FromBase64String(value.GetString()!);
            return mac.Length > 0 ? mac : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// Why an outcome event cannot be the workflow's before any key is asked: its source, or no signature.
    /// Null when it may be (the signature still has to verify). Not an outcome: null.
    /// </summary>
    public static string? Precheck(CloudEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!EventTypes.IsOutcome(e.Type))
        {
            return null;
        }

        if (e.Source != OrderOutcome.Source)
        {
            return $"{e.Type} events are written only by the workflow (source '{OrderOutcome.Source}'); this one has source '{e.Source}'";
        }

        return Read(e) is null
            ? $"{e.Type} event carries no workflow signature (extension attribute '{Attribute}'): only the workflow writes outcomes"
            : null;
    }

    /// <summary>The reason given when the signature does not verify.</summary>
    public static string Forged(CloudEvent e) =>
        $"{e.Type} event's signature ('{Attribute}') does not verify with the workflow's key: it was not written by the workflow, or was changed after";
}
