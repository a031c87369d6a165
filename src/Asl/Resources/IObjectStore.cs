namespace Sluice.Asl.Resources;

/// <summary>
/// S3 as a Distributed Map uses it: an ItemReader reads objects (s3:getObject) or lists them
/// (s3:listObjectsV2), a ResultWriter writes objects (s3:putObject). Errors come back named as
/// Step Functions names them (e.g. <c>S3.NoSuchKey</c>) with the SDK's cause text.
/// </summary>
public interface IObjectStore
{
    Task<ObjectReadResult> GetObjectAsync(string bucket, string key, string? versionId, CancellationToken cancellationToken);

    /// <summary>Every object of <paramref name="bucket"/> whose key starts with <paramref name="prefix"/>, in key order.</summary>
    Task<ObjectListResult> ListObjectsAsync(string bucket, string? prefix, CancellationToken cancellationToken);

    /// <summary>Stores the object; null on success, otherwise the error.</summary>
    Task<ServiceError?> PutObjectAsync(string bucket, string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken);
}
