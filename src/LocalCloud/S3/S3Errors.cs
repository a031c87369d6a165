namespace Sluice.LocalCloud.S3;

/// <summary>AWS's S3 error codes, statuses and messages (S3 API reference, "Error responses").</summary>
internal static class S3Errors
{
    public static S3Exception NoSuchBucket(string bucket) =>
        new S3Exception("NoSuchBucket", "The specified bucket does not exist", 404).With("BucketName", bucket);

    public static S3Exception NoSuchKey(string key) =>
        new S3Exception("NoSuchKey", "The specified key does not exist.", 404).With("Key", key);

    public static S3Exception NoSuchVersion(string key, string versionId) =>
        new S3Exception("NoSuchVersion", "The specified version does not exist.", 404).With("Key", key).With("VersionId", versionId);

    public static S3Exception NoSuchUpload(string uploadId) =>
        new S3Exception("NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.", 404).With("UploadId", uploadId);

    public static S3Exception BucketAlreadyOwnedByYou(string bucket) =>
        new S3Exception("BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.", 409).With("BucketName", bucket);

    public static S3Exception BucketNotEmpty(string bucket) =>
        new S3Exception("BucketNotEmpty", "The bucket you tried to delete is not empty", 409).With("BucketName", bucket);

    public static S3Exception InvalidBucketName(string bucket) =>
        new S3Exception("InvalidBucketName", "The specified bucket is not valid.").With("BucketName", bucket);

    public static S3Exception InvalidArgument(string message, string? name = null, string? value = null) =>
        new S3Exception("InvalidArgument", message).With("ArgumentName", name).With("ArgumentValue", value);

    public static S3Exception InvalidRequest(string message) => new("InvalidRequest", message);

    public static S3Exception MalformedXml() =>
        new("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema");

    public static S3Exception PreconditionFailed(string condition) =>
        new S3Exception("PreconditionFailed", "At least one of the pre-conditions you specified did not hold", 412).With("Condition", condition);

    public static S3Exception InvalidRange(string requested, long size) =>
        new S3Exception("InvalidRange", "The requested range is not satisfiable", 416).With("RangeRequested", requested).With("ActualObjectSize", size.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static S3Exception BadDigest(string what) =>
        new("BadDigest", $"The {what} you specified did not match the calculated checksum.");

    public static S3Exception MethodNotAllowed(string method, string resourceType) =>
        new S3Exception("MethodNotAllowed", "The specified method is not allowed against this resource.", 405).With("Method", method).With("ResourceType", resourceType);

    public static S3Exception NotImplemented(string operation) =>
        new("NotImplemented", $"{operation} is not implemented by the Sluice local cloud's S3.", 501);

    public static S3Exception KeyTooLong(string key) =>
        new S3Exception("KeyTooLongError", "Your key is too long").With("Size", System.Text.Encoding.UTF8.GetByteCount(key).ToString(System.Globalization.CultureInfo.InvariantCulture)).With("MaxSizeAllowed", "1024");
}
