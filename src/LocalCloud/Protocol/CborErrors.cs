using System.Text;

namespace Sluice.LocalCloud.Protocol;

/// <summary>
/// The error body AWS sends a CBOR client: a CBOR map <c>{"__type": ..., "message": ...}</c>, so the
/// client's own error parser surfaces the code and message instead of failing on a JSON body.
/// </summary>
internal static class CborErrors
{
    public const string ContentType = "application/x-amz-cbor-1.1";

    public static byte[] Body(string type, string message)
    {
        using var buffer = new MemoryStream();
        buffer.WriteByte(0xA2); // map of two pairs
        WriteText(buffer, "__type");
        WriteText(buffer, type);
        WriteText(buffer, "message");
        WriteText(buffer, message);
        return buffer.ToArray();
    }

    private static void WriteText(MemoryStream buffer, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        const int Major = 3 << 5;
        switch (bytes.Length)
        {
            case < 24:
                buffer.WriteByte((byte)(Major | bytes.Length));
                break;
            case <= byte.MaxValue:
                buffer.WriteByte(Major | 24);
                buffer.WriteByte((byte)bytes.Length);
                break;
            case <= ushort.MaxValue:
                buffer.WriteByte(Major | 25);
                buffer.WriteByte((byte)(bytes.Length >> 8));
                buffer.WriteByte((byte)bytes.Length);
                break;
            default:
                buffer.WriteByte(Major | 26);
                buffer.WriteByte((byte)(bytes.Length >> 24));
                buffer.WriteByte((byte)(bytes.Length >> 16));
                buffer.WriteByte((byte)(bytes.Length >> 8));
                buffer.WriteByte((byte)bytes.Length);
                break;
        }
        buffer.Write(bytes);
    }
}
