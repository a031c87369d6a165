using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.S3;

/// <summary>
/// Which S3 operations this API serves, held against S3's own model: a request is named by its method,
/// its path (bucket, or bucket and key) and the sub-resource in its query (<c>?tagging</c>,
/// <c>?metadataInventoryTable</c>, <c>?encryption</c> on a key), exactly as the model's request URIs
/// name them. A sub-resource that names only operations not served here is refused with
/// <c>501 NotImplemented</c> naming them, so a request for an operation this API does not know can
/// never fall through to the plain PutObject, CreateBucket or DeleteObject of the same path.
/// </summary>
internal static class S3Operations
{
    /// <summary>The operations <see cref="S3RestApi"/> dispatches (S3's names).</summary>
    internal static IReadOnlySet<string> Served { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "ListBuckets", "CreateBucket", "HeadBucket", "DeleteBucket", "GetBucketLocation",
        "GetBucketVersioning", "PutBucketVersioning", "GetBucketTagging", "PutBucketTagging", "DeleteBucketTagging",
        "GetBucketEncryption", "PutBucketEncryption", "DeleteBucketEncryption",
        "GetBucketLifecycle", "GetBucketLifecycleConfiguration", "PutBucketLifecycle", "PutBucketLifecycleConfiguration", "DeleteBucketLifecycle",
        "GetBucketCors", "PutBucketCors", "DeleteBucketCors",
        "GetPublicAccessBlock", "PutPublicAccessBlock", "DeletePublicAccessBlock",
        "GetBucketOwnershipControls", "PutBucketOwnershipControls", "DeleteBucketOwnershipControls",
        "GetBucketPolicy", "PutBucketPolicy", "DeleteBucketPolicy", "GetBucketAcl",
        "GetBucketNotification", "GetBucketNotificationConfiguration",
        "ListObjects", "ListObjectsV2", "ListObjectVersions", "ListMultipartUploads", "DeleteObjects",
        "GetObject", "HeadObject", "PutObject", "CopyObject", "DeleteObject", "GetObjectAcl",
        "GetObjectTagging", "PutObjectTagging", "DeleteObjectTagging",
        "CreateMultipartUpload", "UploadPart", "UploadPartCopy", "CompleteMultipartUpload", "AbortMultipartUpload", "ListParts",
    };

    /// <summary>Why an operation is not served, where there is more to say than that it is not.</summary>
    private static readonly Dictionary<string, string> s_why = new(StringComparer.Ordinal)
    {
        ["PutBucketAcl"] = "buckets are BucketOwnerEnforced; ACLs are not stored",
        ["PutObjectAcl"] = "buckets are BucketOwnerEnforced; ACLs are not stored",
        ["PutBucketNotification"] = "event notifications are not delivered",
        ["PutBucketNotificationConfiguration"] = "event notifications are not delivered",
        ["CreateSession"] = "directory buckets (S3 Express One Zone) are not served",
    };

    /// <summary>
    /// Refuses a request whose method, path and sub-resource name only operations S3's model has and this
    /// API does not serve. Requests the model does not name at all (a POST to a bucket without
    /// <c>?delete</c>) are left to the dispatcher, which answers them as S3 does.
    /// </summary>
    public static void RefuseUnserved(S3Call call)
    {
        if (ServiceModel.For("s3") is not { } model)
        {
            return;
        }
        var path = call.Bucket is null ? "/" : call.Key is null ? "/b" : "/b/k";
        var named = model.Routes(call.Method, path, name => call.Query(name));
        if (named.Count > 0 && !named.Any(route => Served.Contains(route.Operation)))
        {
            throw Refusal([.. named.Select(route => route.Operation)]);
        }
    }

    /// <summary>
    /// Refuses every request signed for a sibling S3 service this host does not serve: S3 Express One
    /// Zone (<c>s3express</c>: directory buckets, ListDirectoryBuckets, CreateSession) and S3 Object
    /// Lambda (<c>s3-object-lambda</c>: WriteGetObjectResponse).
    /// </summary>
    public static void RefuseSiblingService(string? signingName, S3Call call)
    {
        if (signingName == "s3express")
        {
            throw Refusal([call.Bucket is null ? "ListDirectoryBuckets" : "S3 Express One Zone"], "directory buckets are not served");
        }
        if (signingName == "s3-object-lambda")
        {
            throw Refusal(["WriteGetObjectResponse"], "S3 Object Lambda is not served");
        }
    }

    private static S3Exception Refusal(string[] operations, string? why = null)
    {
        why ??= operations.Select(o => s_why.GetValueOrDefault(o)).FirstOrDefault(w => w is not null);
        var verb = operations.Length > 1 ? "are" : "is";
        return new S3Exception("NotImplemented",
            $"{string.Join(" and ", operations)} {verb} not implemented by the Sluice local cloud's S3{(why is null ? "" : $" ({why})")}.", 501);
    }
}
