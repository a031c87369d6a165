using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Sluice.LocalCloud.Sqs;

/// <summary>
/// The digests SQS returns and SDKs verify: MD5 of the body's UTF-8 bytes, and MD5 of the attributes
/// encoded as AWS specifies (names sorted; each of name, type and value as a 4-byte big-endian length
/// and the bytes, with a transport byte 1 for string values and 2 for binary before the value).
/// </summary>
internal static class SqsMd5
{
    public static string OfBody(string body) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(body)));

    public static string? OfAttributes(IReadOnlyDictionary<string, SqsAttributeValue>? attributes)
    {
        if (attributes is null || attributes.Count == 0)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        foreach (var name in attributes.Keys.Order(StringComparer.Ordinal))
        {
            var value = attributes[name];
            WriteLengthPrefixed(buffer, Encoding.UTF8.GetBytes(name));
            WriteLengthPrefixed(buffer, Encoding.UTF8.GetBytes(value.DataType));
            if (value.IsBinary)
            {
                buffer.WriteByte(2);
                WriteLengthPrefixed(buffer, value.BinaryValue ?? []);
            }
            else
            {
                buffer.WriteByte(1);
                WriteLengthPrefixed(buffer, Encoding.UTF8.GetBytes(value.StringValue ?? ""));
            }
        }
        return Convert.ToHexStringLower(MD5.HashData(buffer.ToArray()));
    }

    private static void WriteLengthPrefixed(MemoryStream buffer, byte[] bytes)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        buffer.Write(length);
        buffer.Write(bytes);
    }
}
