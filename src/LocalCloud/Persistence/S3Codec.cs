using Sluice.LocalCloud.S3;

namespace Sluice.LocalCloud.Persistence;

/// <summary>
/// Compact binary forms of S3's plain records (object versions, uploads, parts, bucket settings), one
/// column each. Every form starts with a format byte so a later field can be added without
/// misreading what an older host wrote.
/// </summary>
internal static class S3Codec
{
    private const byte Format = 1;

    public static byte[] Version(S3ObjectVersion version) => Encode(writer =>
    {
        writer.Write(version.Key);
        writer.Write(version.VersionId);
        writer.Write(version.IsDeleteMarker);
        writer.Write(version.LastModified.ToUnixTimeMilliseconds());
        writer.Write(version.Size);
        writer.Write(version.ETag);
        Optional(writer, version.BlobId);
        Headers(writer, version.Headers);
        writer.Write(version.Checksum is not null);
        if (version.Checksum is { } checksum)
        {
            writer.Write((int)checksum.Algorithm);
            writer.Write(checksum.Value);
            writer.Write(checksum.FullObject);
        }
        Map(writer, version.Tags);
        writer.Write(version.Parts?.Count ?? -1);
        foreach (var part in version.Parts ?? [])
        {
            writer.Write(part.PartNumber);
            writer.Write(part.Size);
            writer.Write(part.ETag);
            Optional(writer, part.Checksum);
        }
    });

    public static S3ObjectVersion Version(byte[] bytes) => Decode(bytes, reader =>
    {
        var key = reader.ReadString();
        var versionId = reader.ReadString();
        var marker = reader.ReadBoolean();
        var modified = DateTimeOffset.FromUnixTimeMilliseconds(reader.ReadInt64());
        var size = reader.ReadInt64();
        var etag = reader.ReadString();
        var blob = Optional(reader);
        var headers = Headers(reader);
        S3Checksum? checksum = reader.ReadBoolean() ? new S3Checksum((S3ChecksumAlgorithm)reader.ReadInt32(), reader.ReadString(), reader.ReadBoolean()) : null;
        var tags = Map(reader);
        var partCount = reader.ReadInt32();
        List<S3ObjectPart>? parts = null;
        if (partCount >= 0)
        {
            parts = new List<S3ObjectPart>(partCount);
            for (var i = 0; i < partCount; i++)
            {
                parts.Add(new S3ObjectPart(reader.ReadInt32(), reader.ReadInt64(), reader.ReadString(), Optional(reader)));
            }
        }
        return new S3ObjectVersion
        {
            Key = key,
            VersionId = versionId,
            IsDeleteMarker = marker,
            LastModified = modified,
            Size = size,
            ETag = etag,
            BlobId = blob,
            Headers = headers,
            Checksum = checksum,
            Tags = tags,
            Parts = parts,
        };
    });

    /// <summary>An upload's own fields; its parts are rows of their own (<see cref="Part(S3UploadedPart)"/>).</summary>
    public static byte[] Upload(S3MultipartUpload upload) => Encode(writer =>
    {
        writer.Write(upload.UploadId);
        writer.Write(upload.Key);
        writer.Write(upload.Initiated.ToUnixTimeMilliseconds());
        Headers(writer, upload.Headers);
        Map(writer, upload.Tags);
        writer.Write(upload.ChecksumAlgorithm is { } algorithm ? (int)algorithm : -1);
        writer.Write(upload.FullObjectChecksum);
    });

    public static S3MultipartUpload Upload(byte[] bytes) => Decode(bytes, reader =>
    {
        var id = reader.ReadString();
        var key = reader.ReadString();
        var initiated = DateTimeOffset.FromUnixTimeMilliseconds(reader.ReadInt64());
        var headers = Headers(reader);
        var tags = Map(reader);
        var algorithm = reader.ReadInt32();
        return new S3MultipartUpload
        {
            UploadId = id,
            Key = key,
            Initiated = initiated,
            Headers = headers,
            Tags = tags,
            ChecksumAlgorithm = algorithm < 0 ? null : (S3ChecksumAlgorithm)algorithm,
            FullObjectChecksum = reader.ReadBoolean(),
        };
    });

    public static byte[] Part(S3UploadedPart part) => Encode(writer =>
    {
        writer.Write(part.PartNumber);
        writer.Write(part.BlobId);
        writer.Write(part.Size);
        writer.Write(part.ETag);
        writer.Write(part.Md5.Length);
        writer.Write(part.Md5);
        writer.Write(part.LastModified.ToUnixTimeMilliseconds());
        Optional(writer, part.Checksum);
    });

    public static S3UploadedPart Part(byte[] bytes) => Decode(bytes, reader => new S3UploadedPart(reader.ReadInt32(), reader.ReadString(), reader.ReadInt64(), reader.ReadString(),
        reader.ReadBytes(reader.ReadInt32()), DateTimeOffset.FromUnixTimeMilliseconds(reader.ReadInt64()), Optional(reader)));

    public static byte[] Settings(S3BucketSettings settings) => Encode(writer =>
    {
        Optional(writer, settings.Versioning);
        writer.Write(settings.Tags is not null);
        if (settings.Tags is { } tags)
        {
            Map(writer, tags);
        }
        Optional(writer, settings.EncryptionXml);
        Optional(writer, settings.LifecycleXml);
        Optional(writer, settings.CorsXml);
        Optional(writer, settings.Policy);
        Optional(writer, settings.PublicAccessBlockXml);
        Optional(writer, settings.OwnershipControlsXml);
    });

    public static S3BucketSettings Settings(byte[] bytes) => Decode(bytes, reader => new S3BucketSettings
    {
        Versioning = Optional(reader),
        Tags = reader.ReadBoolean() ? Map(reader) : null,
        EncryptionXml = Optional(reader),
        LifecycleXml = Optional(reader),
        CorsXml = Optional(reader),
        Policy = Optional(reader),
        PublicAccessBlockXml = Optional(reader),
        OwnershipControlsXml = Optional(reader),
    });

    private static void Headers(BinaryWriter writer, S3ObjectHeaders headers)
    {
        writer.Write(headers.ContentType);
        Optional(writer, headers.ContentEncoding);
        Optional(writer, headers.ContentDisposition);
        Optional(writer, headers.ContentLanguage);
        Optional(writer, headers.CacheControl);
        Optional(writer, headers.Expires);
        Optional(writer, headers.WebsiteRedirectLocation);
        Map(writer, headers.Metadata);
        writer.Write(headers.StorageClass);
        writer.Write(headers.ServerSideEncryption);
        Optional(writer, headers.SseKmsKeyId);
        writer.Write(headers.BucketKeyEnabled);
    }

    private static S3ObjectHeaders Headers(BinaryReader reader) => new()
    {
        ContentType = reader.ReadString(),
        ContentEncoding = Optional(reader),
        ContentDisposition = Optional(reader),
        ContentLanguage = Optional(reader),
        CacheControl = Optional(reader),
        Expires = Optional(reader),
        WebsiteRedirectLocation = Optional(reader),
        Metadata = Map(reader),
        StorageClass = reader.ReadString(),
        ServerSideEncryption = reader.ReadString(),
        SseKmsKeyId = Optional(reader),
        BucketKeyEnabled = reader.ReadBoolean(),
    };

    private static void Map(BinaryWriter writer, IReadOnlyDictionary<string, string> map)
    {
        writer.Write(map.Count);
        foreach (var (key, value) in map)
        {
            writer.Write(key);
            writer.Write(value);
        }
    }

    private static Dictionary<string, string> Map(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        var map = new Dictionary<string, string>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            map[reader.ReadString()] = reader.ReadString();
        }
        return map;
    }

    private static void Optional(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static string? Optional(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    private static byte[] Encode(Action<BinaryWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(Format);
            write(writer);
        }
        return buffer.ToArray();
    }

    private static T Decode<T>(byte[] bytes, Func<BinaryReader, T> read)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        var format = reader.ReadByte();
        if (format != Format)
        {
            throw new InvalidDataException($"an S3 record in the store has format {format}; this host reads format {Format}");
        }
        return read(reader);
    }
}
