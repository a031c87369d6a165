using System.Buffers;
using System.Security.Cryptography;

namespace Sluice.LocalCloud.S3;

/// <summary>
/// Streams a request body into a pending blob a buffer at a time, computing its MD5 (the ETag), its
/// flexible checksum and, when the client signed the payload, its SHA-256; then checks them all. On any
/// failure the pending blob is deleted, so nothing of a bad upload remains.
/// </summary>
internal static class S3BodyWriter
{
    private const int BufferSize = 256 * 1024;

    /// <summary>Objects and parts are limited to 5 GiB, as on AWS.</summary>
    public const long MaxSize = 5L * 1024 * 1024 * 1024;

    public static async Task<S3WrittenBody> WriteAsync(S3BlobStore store, Stream source, S3BodyChecks checks, CancellationToken cancellationToken)
    {
        if (checks.Length is > MaxSize)
        {
            throw new S3Exception("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size")
                .With("ProposedSize", checks.Length.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .With("MaxSizeAllowed", MaxSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        var pending = store.Create();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            using var sha256 = checks.Sha256Hex is null ? null : IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var algorithm = checks.Algorithm ?? S3ChecksumAlgorithm.Crc64Nvme;
            using var checksum = S3Checksums.Create(algorithm);
            long size = 0;
            int n;
            while ((n = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                size += n;
                if (size > MaxSize)
                {
                    throw new S3Exception("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size");
                }
                var data = buffer.AsSpan(0, n);
                md5.AppendData(data);
                sha256?.AppendData(data);
                checksum.Append(data);
                await pending.Stream.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            }
            if (checks.Length is { } expected && expected != size)
            {
                throw new S3Exception("IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header.");
            }
            var md5Bytes = md5.GetHashAndReset();
            if (checks.ContentMd5 is { } declaredMd5 && !declaredMd5.AsSpan().SequenceEqual(md5Bytes))
            {
                throw new S3Exception("BadDigest", "The Content-MD5 you specified did not match what we received.")
                    .With("ExpectedDigest", Convert.ToBase64String(declaredMd5))
                    .With("CalculatedDigest", Convert.ToBase64String(md5Bytes));
            }
            if (sha256 is not null)
            {
                var computed = Convert.ToHexStringLower(sha256.GetHashAndReset());
                if (!string.Equals(computed, checks.Sha256Hex, StringComparison.OrdinalIgnoreCase))
                {
                    throw new S3Exception("XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.")
                        .With("ClientComputedContentSHA256", checks.Sha256Hex)
                        .With("S3ComputedContentSHA256", computed);
                }
            }
            var digest = checksum.Finish();
            var declared = checks.Checksum ?? checks.TrailingChecksum?.Invoke();
            if (checks.Algorithm is { } named && checks.TrailingChecksum is not null && declared is null)
            {
                throw S3Errors.InvalidRequest($"The upload announced a trailing {S3Checksums.HeaderName(named)} but its body carried none.");
            }
            if (declared is not null)
            {
                Verify(algorithm, declared, digest);
            }
            return new S3WrittenBody(pending, size, md5Bytes, algorithm, digest, checks.Algorithm is not null);
        }
        catch
        {
            await pending.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Checks a small body already in memory against what its request declared.</summary>
    public static void Verify(byte[] data, S3BodyChecks checks)
    {
        if (checks.ContentMd5 is { } declaredMd5)
        {
            var md5 = MD5.HashData(data);
            if (!declaredMd5.AsSpan().SequenceEqual(md5))
            {
                throw new S3Exception("BadDigest", "The Content-MD5 you specified did not match what we received.")
                    .With("ExpectedDigest", Convert.ToBase64String(declaredMd5))
                    .With("CalculatedDigest", Convert.ToBase64String(md5));
            }
        }
        if (checks.Sha256Hex is { } sha && !string.Equals(Convert.ToHexStringLower(SHA256.HashData(data)), sha, StringComparison.OrdinalIgnoreCase))
        {
            throw new S3Exception("XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        if (checks.Algorithm is { } algorithm && (checks.Checksum ?? checks.TrailingChecksum?.Invoke()) is { } declared)
        {
            Verify(algorithm, declared, S3Checksums.Compute(algorithm, data));
        }
    }

    /// <summary>Compares a client's base64 checksum with the computed digest (InvalidRequest if malformed, BadDigest if different).</summary>
    public static void Verify(S3ChecksumAlgorithm algorithm, string declared, ReadOnlySpan<byte> digest)
    {
        var expected = new byte[S3Checksums.DigestLength(algorithm)];
        if (!Convert.TryFromBase64String(declared, expected, out var written) || written != expected.Length)
        {
            throw S3Errors.InvalidRequest($"Value for {S3Checksums.HeaderName(algorithm)} header is invalid.");
        }
        if (!digest.SequenceEqual(expected))
        {
            throw S3Errors.BadDigest(S3Checksums.Name(algorithm));
        }
    }
}
