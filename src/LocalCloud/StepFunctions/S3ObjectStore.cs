using Sluice.Asl.Resources;
using Sluice.LocalCloud.S3;

namespace Sluice.LocalCloud.StepFunctions;

/// <summary>
/// The Distributed Map's S3 (ItemReader, ResultWriter) over this host's S3 service, in process. S3's
/// errors reach the map run as Step Functions words them: <c>S3.NoSuchKey</c>, with the SDK's cause
/// text "The specified key does not exist. (Service: S3, Status Code: 404, Request ID: ...)".
/// </summary>
internal sealed class S3ObjectStore(S3Service s3) : IObjectStore
{
    private const int PageSize = 1000;

    public async Task<ObjectReadResult> GetObjectAsync(string bucket, string key, string? versionId, CancellationToken cancellationToken)
    {
        try
        {
            await using var read = await s3.GetObjectAsync(bucket, key, versionId).ConfigureAwait(false);
            using var content = new MemoryStream();
            await read.Body.CopyToAsync(content, cancellationToken).ConfigureAwait(false);
            return new ObjectReadResult(content.ToArray());
        }
        catch (S3Exception e)
        {
            return ObjectReadResult.Failure(Error(e));
        }
    }

    public Task<ObjectListResult> ListObjectsAsync(string bucket, string? prefix, CancellationToken cancellationToken)
    {
        try
        {
            var objects = new List<ObjectSummary>();
            string? after = null;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var page = s3.ListObjects(bucket, prefix, delimiter: null, after, PageSize);
                foreach (var entry in page.Entries)
                {
                    if (entry.Object is { } o)
                    {
                        objects.Add(new ObjectSummary(o.Key, o.Size, o.ETag, o.LastModified, o.Headers.StorageClass));
                        after = o.Key;
                    }
                }

                if (!page.IsTruncated)
                {
                    return Task.FromResult(new ObjectListResult(objects));
                }
            }
        }
        catch (S3Exception e)
        {
            return Task.FromResult(ObjectListResult.Failure(Error(e)));
        }
    }

    public async Task<ServiceError?> PutObjectAsync(string bucket, string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        try
        {
            await s3.PutObjectAsync(bucket, key, content, contentType, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (S3Exception e)
        {
            return Error(e);
        }
    }

    private static ServiceError Error(S3Exception e) =>
        new($"S3.{e.Code}", $"{e.Message} (Service: S3, Status Code: {e.Status}, Request ID: {Guid.NewGuid():N})");
}
