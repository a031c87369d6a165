using System.Globalization;

namespace Sluice.LocalCloud.S3;

/// <summary>A single HTTP byte range (<c>bytes=a-b</c>, <c>bytes=a-</c>, <c>bytes=-n</c>), as S3 reads Range and x-amz-copy-source-range.</summary>
internal sealed record S3ByteRange(long? First, long? Last, string Text)
{
    /// <summary>The range, or null when the header is absent or not a single byte range (S3 then sends the whole object).</summary>
    public static S3ByteRange? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header) || !header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var spec = header[6..].Trim();
        if (spec.Contains(',', StringComparison.Ordinal))
        {
            return null;
        }
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return null;
        }
        var firstText = spec[..dash].Trim();
        var lastText = spec[(dash + 1)..].Trim();
        long? first = null;
        long? last = null;
        if (firstText.Length > 0)
        {
            if (!long.TryParse(firstText, NumberStyles.None, CultureInfo.InvariantCulture, out var f))
            {
                return null;
            }
            first = f;
        }
        if (lastText.Length > 0)
        {
            if (!long.TryParse(lastText, NumberStyles.None, CultureInfo.InvariantCulture, out var l))
            {
                return null;
            }
            last = l;
        }
        if ((first is null && last is null) || (first is not null && last is not null && last < first))
        {
            return null;
        }
        return new S3ByteRange(first, last, header);
    }

    /// <summary>
    /// The offset and length within an object of <paramref name="size"/> bytes. A GET range that starts
    /// past the end is InvalidRange (416); a copy-source range must be <c>bytes=first-last</c> inside the object.
    /// </summary>
    public (long Offset, long Length) Resolve(long size, bool forCopy = false)
    {
        if (forCopy)
        {
            if (First is not { } f || Last is not { } l || l >= size)
            {
                throw S3Errors.InvalidArgument($"Range specified is not valid for source object of size: {size}", "x-amz-copy-source-range", Text);
            }
            return (f, l - f + 1);
        }
        if (First is null)
        {
            var suffix = Last!.Value;
            if (suffix == 0 || size == 0)
            {
                throw S3Errors.InvalidRange(Text, size);
            }
            var length = Math.Min(suffix, size);
            return (size - length, length);
        }
        if (First.Value >= size)
        {
            throw S3Errors.InvalidRange(Text, size);
        }
        var end = Last is { } last ? Math.Min(last, size - 1) : size - 1;
        return (First.Value, end - First.Value + 1);
    }
}
