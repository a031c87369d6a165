using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;

namespace Sluice.LocalCloud.S3;

/// <summary>Names, header names and incremental hashers of <see cref="S3ChecksumAlgorithm"/>.</summary>
internal static class S3Checksums
{
    private static readonly S3ChecksumAlgorithm[] s_all = Enum.GetValues<S3ChecksumAlgorithm>();

    public static IReadOnlyList<S3ChecksumAlgorithm> All => s_all;

    /// <summary>The wire name: <c>CRC32</c>, <c>CRC64NVME</c>, <c>XXHASH3</c>, ...</summary>
    public static string Name(S3ChecksumAlgorithm algorithm) => algorithm switch
    {
        S3ChecksumAlgorithm.Crc32 => "CRC32",
        S3ChecksumAlgorithm.Crc32C => "CRC32C",
        S3ChecksumAlgorithm.Crc64Nvme => "CRC64NVME",
        S3ChecksumAlgorithm.Sha1 => "SHA1",
        S3ChecksumAlgorithm.Sha256 => "SHA256",
        S3ChecksumAlgorithm.Sha512 => "SHA512",
        S3ChecksumAlgorithm.Md5 => "MD5",
        S3ChecksumAlgorithm.XxHash64 => "XXHASH64",
        S3ChecksumAlgorithm.XxHash3 => "XXHASH3",
        S3ChecksumAlgorithm.XxHash128 => "XXHASH128",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary><c>x-amz-checksum-crc32</c>, ...</summary>
    public static string HeaderName(S3ChecksumAlgorithm algorithm) => "x-amz-checksum-" + Name(algorithm).ToLowerInvariant();

    /// <summary>The XML element of list and complete answers: <c>ChecksumCRC32</c>, ...</summary>
    public static string ElementName(S3ChecksumAlgorithm algorithm) => "Checksum" + Name(algorithm);

    public static S3ChecksumAlgorithm? Parse(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }
        foreach (var a in s_all)
        {
            if (string.Equals(Name(a), name, StringComparison.OrdinalIgnoreCase))
            {
                return a;
            }
        }
        return null;
    }

    /// <summary>Parses a client-given algorithm name, refusing unknown ones as AWS does.</summary>
    public static S3ChecksumAlgorithm ParseRequired(string name, string argument) =>
        Parse(name) ?? throw S3Errors.InvalidArgument("Value for " + argument + " header is invalid.", argument, name);

    /// <summary>The length in bytes of a digest, to validate a base64 value before comparing.</summary>
    public static int DigestLength(S3ChecksumAlgorithm algorithm) => algorithm switch
    {
        S3ChecksumAlgorithm.Crc32 or S3ChecksumAlgorithm.Crc32C => 4,
        S3ChecksumAlgorithm.Crc64Nvme or S3ChecksumAlgorithm.XxHash64 or S3ChecksumAlgorithm.XxHash3 => 8,
        S3ChecksumAlgorithm.Sha1 => 20,
        S3ChecksumAlgorithm.Sha256 => 32,
        S3ChecksumAlgorithm.Sha512 => 64,
        S3ChecksumAlgorithm.Md5 or S3ChecksumAlgorithm.XxHash128 => 16,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>Whether a multipart upload may combine part checksums into a whole-object one (CRCs only).</summary>
    public static bool SupportsFullObject(S3ChecksumAlgorithm algorithm) =>
        algorithm is S3ChecksumAlgorithm.Crc32 or S3ChecksumAlgorithm.Crc32C or S3ChecksumAlgorithm.Crc64Nvme;

    /// <summary>Whether a multipart upload may use the checksum-of-checksums form (all but CRC64NVME).</summary>
    public static bool SupportsComposite(S3ChecksumAlgorithm algorithm) => algorithm != S3ChecksumAlgorithm.Crc64Nvme;

    public static Hasher Create(S3ChecksumAlgorithm algorithm) => new(algorithm);

    /// <summary>The digest of <paramref name="data"/> in one call.</summary>
    public static byte[] Compute(S3ChecksumAlgorithm algorithm, ReadOnlySpan<byte> data)
    {
        using var h = Create(algorithm);
        h.Append(data);
        return h.Finish();
    }

    /// <summary>One incremental digest; CRC values are written big-endian, as S3 encodes them.</summary>
    internal sealed class Hasher : IDisposable
    {
        private readonly Crc32? _crc32;
        private readonly Crc64? _crc64;
        private readonly NonCryptographicHashAlgorithm? _xx;
        private readonly IncrementalHash? _hash;

        public Hasher(S3ChecksumAlgorithm algorithm)
        {
            Algorithm = algorithm;
            switch (algorithm)
            {
                case S3ChecksumAlgorithm.Crc32:
                    _crc32 = new Crc32();
                    break;
                case S3ChecksumAlgorithm.Crc32C:
                    _crc32 = new Crc32(Crc32ParameterSet.Crc32C);
                    break;
                case S3ChecksumAlgorithm.Crc64Nvme:
                    _crc64 = new Crc64(Crc64ParameterSet.Nvme);
                    break;
                case S3ChecksumAlgorithm.XxHash64:
                    _xx = new XxHash64();
                    break;
                case S3ChecksumAlgorithm.XxHash3:
                    _xx = new XxHash3();
                    break;
                case S3ChecksumAlgorithm.XxHash128:
                    _xx = new XxHash128();
                    break;
                default:
                    _hash = IncrementalHash.CreateHash(algorithm switch
                    {
                        S3ChecksumAlgorithm.Sha1 => HashAlgorithmName.SHA1,
                        S3ChecksumAlgorithm.Sha256 => HashAlgorithmName.SHA256,
                        S3ChecksumAlgorithm.Sha512 => HashAlgorithmName.SHA512,
                        _ => HashAlgorithmName.MD5,
                    });
                    break;
            }
        }

        public S3ChecksumAlgorithm Algorithm { get; }

        public void Append(ReadOnlySpan<byte> data)
        {
            if (_crc32 is not null)
            {
                _crc32.Append(data);
            }
            else if (_crc64 is not null)
            {
                _crc64.Append(data);
            }
            else if (_xx is not null)
            {
                _xx.Append(data);
            }
            else
            {
                _hash!.AppendData(data);
            }
        }

        public byte[] Finish()
        {
            if (_crc32 is not null)
            {
                var bytes = new byte[4];
                BinaryPrimitives.WriteUInt32BigEndian(bytes, _crc32.GetCurrentHashAsUInt32());
                return bytes;
            }
            if (_crc64 is not null)
            {
                var bytes = new byte[8];
                BinaryPrimitives.WriteUInt64BigEndian(bytes, _crc64.GetCurrentHashAsUInt64());
                return bytes;
            }
            // xxHash's canonical form is big-endian, which is what GetCurrentHash gives.
            return _xx is not null ? _xx.GetCurrentHash() : _hash!.GetCurrentHash();
        }

        public void Dispose() => _hash?.Dispose();
    }
}
