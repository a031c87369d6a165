using System.Globalization;
using System.Text;

namespace Sluice.LocalCloud.S3;

/// <summary>
/// Decodes an <c>aws-chunked</c> body (<c>Content-Encoding: aws-chunked</c>, the
/// <c>STREAMING-*</c> payload modes of SigV4): <c>hex-size[;chunk-signature=...]\r\n data \r\n</c> ...
/// a zero-size chunk, then trailer lines (<c>x-amz-checksum-crc32:...</c>, <c>x-amz-trailer-signature:...</c>)
/// and an empty line. Reads only a buffer's worth at a time. Like the SigV4 header signature, chunk and
/// trailer signatures are read but not verified: the local cloud accepts any credentials.
/// </summary>
internal sealed class AwsChunkedStream(Stream inner, bool signed) : Stream
{
    private const int MaxLine = 4096;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly Dictionary<string, string> _trailers = new(StringComparer.OrdinalIgnoreCase);
    private int _start;
    private int _end;
    private long _remaining;
    private bool _inData;
    private bool _done;

    /// <summary>Trailer headers, known once the stream has been read to its end.</summary>
    public IReadOnlyDictionary<string, string> Trailers => _trailers;

    public bool Completed => _done;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        while (!_done && destination.Length > 0)
        {
            if (!_inData)
            {
                await ReadChunkHeaderAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (_remaining == 0)
            {
                var crlf = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
                if (crlf.Length != 0)
                {
                    throw Malformed("a chunk's data is not followed by CRLF");
                }
                _inData = false;
                continue;
            }
            if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                throw Incomplete();
            }
            var n = (int)Math.Min(Math.Min(_remaining, _end - _start), destination.Length);
            _buffer.AsSpan(_start, n).CopyTo(destination.Span);
            _start += n;
            _remaining -= n;
            return n;
        }
        return 0;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private async ValueTask ReadChunkHeaderAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        var semicolon = line.IndexOf(';', StringComparison.Ordinal);
        var hex = semicolon < 0 ? line : line[..semicolon];
        if (!long.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
        {
            throw Malformed($"'{Truncate(line)}' is not a chunk size");
        }
        if (signed && (semicolon < 0 || !line.AsSpan(semicolon + 1).StartsWith("chunk-signature=", StringComparison.Ordinal)))
        {
            throw Malformed("a chunk of a signed streaming upload carries no chunk-signature");
        }
        if (size > 0)
        {
            _remaining = size;
            _inData = true;
            return;
        }
        // The final chunk: trailer lines up to an empty line.
        while (true)
        {
            var trailer = await ReadLineAsync(cancellationToken, endAllowed: true).ConfigureAwait(false);
            if (trailer.Length == 0)
            {
                break;
            }
            var colon = trailer.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw Malformed($"'{Truncate(trailer)}' is not a trailer header");
            }
            _trailers[trailer[..colon].Trim()] = trailer[(colon + 1)..].Trim();
            if (_trailers.Count > 16)
            {
                throw Malformed("too many trailer headers");
            }
        }
        _done = true;
    }

    /// <summary>One line without its CRLF. A body that ends mid-line is incomplete; one that ends where a
    /// trailer line would start (some clients omit the closing empty line) reads as that empty line.</summary>
    private async ValueTask<string> ReadLineAsync(CancellationToken cancellationToken, bool endAllowed = false)
    {
        var builder = new StringBuilder();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                if (endAllowed && builder.Length == 0)
                {
                    return "";
                }
                throw Incomplete();
            }
            var span = _buffer.AsSpan(_start, _end - _start);
            var lf = span.IndexOf((byte)'\n');
            var take = lf < 0 ? span.Length : lf;
            builder.Append(Encoding.ASCII.GetString(span[..take]));
            _start += lf < 0 ? take : take + 1;
            if (builder.Length > MaxLine)
            {
                throw Malformed("a chunk header or trailer line is longer than 4096 bytes");
            }
            if (lf >= 0)
            {
                if (builder.Length > 0 && builder[^1] == '\r')
                {
                    builder.Length--;
                }
                return builder.ToString();
            }
        }
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await inner.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
        return _end > 0;
    }

    private static string Truncate(string s) => s.Length <= 64 ? s : s[..64] + "...";

    private static S3Exception Malformed(string why) =>
        new("InvalidRequest", "The aws-chunked body is malformed: " + why + ".");

    private static S3Exception Incomplete() =>
        new("IncompleteBody", "The request body terminated unexpectedly");
}
