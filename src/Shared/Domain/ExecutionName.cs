using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Sluice.Shared.Domain;

/// <summary>
/// The Step Functions execution name for an event. CloudEvents identify an event by
/// <c>(source, id)</c>, so the name is the SHA-256 of both (length-prefixed, so no two pairs hash the
/// same bytes) in full, as 52 base32 characters, after a readable prefix of the id. Distinct events
/// cannot share a name (a collision would be a SHA-256 collision), and the same event always gets
/// the same name, so a redelivered or replayed event never starts a second run.
/// </summary>
public static class ExecutionName
{
    public const int MaxLength = 80;

    /// <summary>256 bits at 5 bits a character.</summary>
    public const int HashLength = 52;

    /// <summary>What is left of the 80 characters for the id's readable prefix, after the hash and its '-'.</summary>
    public const int PrefixLength = MaxLength - HashLength - 1;

    private const string Base32Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static string For(string source, string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentException.ThrowIfNullOrEmpty(id);
        var keep = Math.Min(id.Length, PrefixLength);
        var name = new StringBuilder(keep + 1 + HashLength);
        foreach (var c in id.AsSpan(0, keep))
        {
            name.Append(IsAllowed(c) ? c : '_');
        }

        return name.Append('-').Append(Hash(source, id)).ToString();
    }

    /// <summary>
    /// Letters, digits, '-' and '_': the characters AWS allows in every execution name and that
    /// CloudWatch Logs also accepts (AWS's advice for state machines that log).
    /// </summary>
    public static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';

    private static string Hash(string source, string id)
    {
        var sourceBytes = Encoding.UTF8.GetByteCount(source);
        var buffer = new byte[4 + sourceBytes + Encoding.UTF8.GetByteCount(id)];
        BinaryPrimitives.WriteInt32BigEndian(buffer, sourceBytes);
        Encoding.UTF8.GetBytes(source, buffer.AsSpan(4));
        Encoding.UTF8.GetBytes(id, buffer.AsSpan(4 + sourceBytes));
        return Base32(SHA256.HashData(buffer));
    }

    /// <summary>RFC 4648 base32, lower case, without padding.</summary>
    private static string Base32(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder((bytes.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                text.Append(Base32Alphabet[(buffer >> bits) & 31]);
            }
        }

        if (bits > 0)
        {
            text.Append(Base32Alphabet[(buffer << (5 - bits)) & 31]);
        }

        return text.ToString();
    }
}
