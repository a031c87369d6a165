using System.Security.Cryptography;
using System.Text;
using Sluice.LocalCloud.S3;

namespace Sluice.LocalCloud.Tests.S3;

/// <summary>The S3 service as in-process callers use it: no HTTP, the same rules and errors.</summary>
public sealed class S3ServiceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-s3-svc-").FullName;
    private readonly S3Service _s3;

    public S3ServiceTests() => _s3 = new S3Service(new S3ServiceOptions { BlobDirectory = _dir });

    public void Dispose()
    {
        _s3.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static MemoryStream Body(string text) => new(Encoding.UTF8.GetBytes(text));

    private static MemoryStream Body(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return new MemoryStream(bytes);
    }

    private int BlobCount => Directory.GetFiles(Path.Combine(_dir, "blobs")).Length;

    private int PendingCount => Directory.GetFiles(Path.Combine(_dir, "tmp")).Length;

    private static S3Exception Error(Action action) => Assert.Throws<S3Exception>(action);

    private static async Task<S3Exception> ErrorAsync(Func<Task> action) => await Assert.ThrowsAsync<S3Exception>(action);

    [Fact]
    public async Task PutThenGet_InProcess_StreamsTheBodyBackWithMd5ETag()
    {
        _s3.CreateBucket("svc-basic", null, null);

        var put = await _s3.PutObjectAsync("svc-basic", "a/b.json", Encoding.UTF8.GetBytes("{\"x\":1}"), "application/json");
        await using var read = await _s3.GetObjectAsync("svc-basic", "a/b.json");
        var text = await new StreamReader(read.Body).ReadToEndAsync();

        Assert.Equal("{\"x\":1}", text);
        Assert.Equal("application/json", read.Version.Headers.ContentType);
        Assert.Equal("\"" + Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes("{\"x\":1}"))) + "\"", put.ETag);
        Assert.Equal(S3ChecksumAlgorithm.Crc64Nvme, put.Checksum!.Algorithm);
    }

    [Fact]
    public async Task Overwrite_Unversioned_DeletesTheOldBlob()
    {
        _s3.CreateBucket("svc-over", null, null);

        await _s3.PutObjectAsync("svc-over", "k", Body("one"));
        await _s3.PutObjectAsync("svc-over", "k", Body("two"));
        var afterOverwrite = BlobCount;
        _s3.DeleteObject("svc-over", "k");

        Assert.Equal(1, afterOverwrite);
        Assert.Equal(0, BlobCount);
        Assert.Equal("NoSuchKey", Error(() => _s3.HeadObject("svc-over", "k")).Code);
    }

    [Fact]
    public async Task Put_BadDigestOrCancelled_LeavesNothingBehind()
    {
        _s3.CreateBucket("svc-bad", null, null);
        await _s3.PutObjectAsync("svc-bad", "k", Body("kept"));

        var badMd5 = await ErrorAsync(() => _s3.PutObjectAsync("svc-bad", "k", Body("new"), new S3PutRequest { Checks = new S3BodyChecks { ContentMd5 = new byte[16] } }));
        var badCrc = await ErrorAsync(() => _s3.PutObjectAsync("svc-bad", "k", Body("new"),
            new S3PutRequest { Checks = new S3BodyChecks { Algorithm = S3ChecksumAlgorithm.Crc32, Checksum = "AAAAAA==" } }));
        var shortBody = await ErrorAsync(() => _s3.PutObjectAsync("svc-bad", "k", Body("new"), new S3PutRequest { Checks = new S3BodyChecks { Length = 10 } }));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _s3.PutObjectAsync("svc-bad", "k", Body(1_000_000, 1), null, cancelled.Token));
        await using var read = _s3.OpenObject("svc-bad", "k");

        Assert.Equal("BadDigest", badMd5.Code);
        Assert.Equal("BadDigest", badCrc.Code);
        Assert.Equal("The CRC32 you specified did not match the calculated checksum.", badCrc.Message);
        Assert.Equal("IncompleteBody", shortBody.Code);
        Assert.Equal("kept", await new StreamReader(read.Body).ReadToEndAsync());
        Assert.Equal(1, BlobCount);
        Assert.Equal(0, PendingCount);
    }

    [Fact]
    public void CreateBucket_LocationConstraintRules_AsAws()
    {
        var explicitUsEast = Error(() => _s3.CreateBucket("svc-loc-a", "us-east-1", "us-east-1"));
        var mismatch = Error(() => _s3.CreateBucket("svc-loc-b", "us-east-1", "eu-west-1"));
        var unspecified = Error(() => _s3.CreateBucket("svc-loc-c", "eu-west-1", null));
        var eu = _s3.CreateBucket("svc-loc-d", "eu-west-1", "EU");
        var again = Error(() => _s3.CreateBucket("svc-loc-d", "eu-west-1", "eu-west-1"));
        var usEast = _s3.CreateBucket("svc-loc-e", "us-east-1", null);
        var legacy = _s3.CreateBucket("svc-loc-e", "us-east-1", null);
        var badName = Error(() => _s3.CreateBucket("Bad_Name", null, null));

        Assert.Equal("InvalidLocationConstraint", explicitUsEast.Code);
        Assert.Equal("IllegalLocationConstraintException", mismatch.Code);
        Assert.Equal("The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.", unspecified.Message);
        Assert.Equal("eu-west-1", eu.Region);
        Assert.Equal(("BucketAlreadyOwnedByYou", 409), (again.Code, again.Status));
        Assert.Same(usEast, legacy);
        Assert.Equal("InvalidBucketName", badName.Code);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("a..b")]
    [InlineData("192.168.1.1")]
    [InlineData("xn--bucket")]
    [InlineData("bucket-s3alias")]
    [InlineData("-bucket")]
    [InlineData("Bucket")]
    public void CheckBucketName_InvalidNames_AreRefused(string name) =>
        Assert.Equal("InvalidBucketName", Error(() => S3Service.CheckBucketName(name)).Code);

    [Fact]
    public async Task DeleteBucket_WhileObjectsOrUploadsRemain_IsBucketNotEmpty()
    {
        _s3.CreateBucket("svc-del", null, null);
        await _s3.PutObjectAsync("svc-del", "k", Body("x"));
        var withObject = Error(() => _s3.DeleteBucket("svc-del"));
        _s3.DeleteObject("svc-del", "k");
        var upload = _s3.CreateMultipartUpload("svc-del", "m", new S3ObjectHeaders(), S3Tags.Empty, null, null);
        var withUpload = Error(() => _s3.DeleteBucket("svc-del"));
        _s3.AbortMultipartUpload("svc-del", "m", upload.UploadId);
        _s3.DeleteBucket("svc-del");

        Assert.Equal(("BucketNotEmpty", 409), (withObject.Code, withObject.Status));
        Assert.Equal("BucketNotEmpty", withUpload.Code);
        Assert.False(_s3.BucketExists("svc-del"));
    }

    [Fact]
    public async Task ListObjects_DelimiterAndPages_WalkEveryKeyOnce()
    {
        _s3.CreateBucket("svc-list", null, null);
        string[] keys = ["a/1", "a/2", "b/x/1", "b/y", "c", "d/1", "e"];
        foreach (var key in keys)
        {
            await _s3.PutObjectAsync("svc-list", key, Body(key));
        }

        var rolled = _s3.ListObjects("svc-list", null, "/", null, 1000);
        var seen = new List<string>();
        string? after = null;
        S3ListPage page;
        do
        {
            page = _s3.ListObjects("svc-list", null, "/", after, 2);
            seen.AddRange(page.Entries.Select(e => e.CommonPrefix ?? e.Object!.Key));
            after = seen[^1];
        }
        while (page.IsTruncated);
        var underB = _s3.ListObjects("svc-list", "b/", "/", null, 1000);

        Assert.Equal(["a/", "b/", "c", "d/", "e"], rolled.Entries.Select(e => e.CommonPrefix ?? e.Object!.Key));
        Assert.Equal(["a/", "b/", "c", "d/", "e"], seen);
        Assert.Equal(["b/x/", "b/y"], underB.Entries.Select(e => e.CommonPrefix ?? e.Object!.Key));
    }

    [Fact]
    public void KeyComparer_SupplementaryCharacters_SortAsUtf8()
    {
        var keys = new List<string> { "\uFFFD", "\U0001F600", "a" };
        keys.Sort(S3KeyComparer.Instance);

        Assert.Equal(["a", "\uFFFD", "\U0001F600"], keys);
    }

    [Fact]
    public async Task Versioning_Suspended_ReplacesTheNullVersionOnly()
    {
        _s3.CreateBucket("svc-susp", null, null);
        _s3.SetVersioning("svc-susp", "Enabled");
        var kept = await _s3.PutObjectAsync("svc-susp", "k", Body("v1"));
        _s3.SetVersioning("svc-susp", "Suspended");
        await _s3.PutObjectAsync("svc-susp", "k", Body("n1"));
        var replaced = await _s3.PutObjectAsync("svc-susp", "k", Body("n2"));
        var marker = _s3.DeleteObject("svc-susp", "k");
        var versions = _s3.ListObjectVersions("svc-susp", null, null, null, null, 100);
        await using var old = _s3.OpenObject("svc-susp", "k", kept.VersionId);
        var markerRead = Error(() => _s3.HeadObject("svc-susp", "k", "null"));

        Assert.Equal("null", replaced.VersionId);
        Assert.Equal(new S3DeleteOutcome("null", true), marker);
        Assert.Equal([("null", true), (kept.VersionId, false)], versions.Entries.Select(e => (e.Object!.VersionId, e.Object.IsDeleteMarker)));
        Assert.Equal("v1", await new StreamReader(old.Body).ReadToEndAsync());
        Assert.Equal(("MethodNotAllowed", 405), (markerRead.Code, markerRead.Status));
    }

    [Fact]
    public async Task Multipart_CompleteWithAwsRules_JoinsPartsAndComputesEtag()
    {
        _s3.CreateBucket("svc-mpu", null, null);
        var upload = _s3.CreateMultipartUpload("svc-mpu", "big", new S3ObjectHeaders { ContentType = "text/csv" }, S3Tags.Empty, S3ChecksumAlgorithm.Crc32, null);
        var one = await _s3.UploadPartAsync("svc-mpu", "big", upload.UploadId, 1, Body(5 * 1024 * 1024, 1), S3BodyChecks.None);
        var two = await _s3.UploadPartAsync("svc-mpu", "big", upload.UploadId, 2, Body("tail"), S3BodyChecks.None);

        var order = await ErrorAsync(() => _s3.CompleteMultipartUploadAsync("svc-mpu", "big", upload.UploadId, [new(2, two.ETag), new(1, one.ETag)]));
        var etag = await ErrorAsync(() => _s3.CompleteMultipartUploadAsync("svc-mpu", "big", upload.UploadId, [new(1, "\"0000\""), new(2, two.ETag)]));
        var missing = await ErrorAsync(() => _s3.CompleteMultipartUploadAsync("svc-mpu", "big", upload.UploadId, [new(1, one.ETag), new(3, two.ETag)]));
        var version = await _s3.CompleteMultipartUploadAsync("svc-mpu", "big", upload.UploadId, [new(1, one.ETag), new(2, two.ETag)]);
        var gone = Error(() => _s3.ListParts("svc-mpu", "big", upload.UploadId));

        var expectedETag = "\"" + Convert.ToHexStringLower(MD5.HashData([.. one.Md5, .. two.Md5])) + "-2\"";
        var composite = S3Checksums.Compute(S3ChecksumAlgorithm.Crc32, [.. Convert.FromBase64String(one.Checksum!), .. Convert.FromBase64String(two.Checksum!)]);
        Assert.Equal("InvalidPartOrder", order.Code);
        Assert.Equal("InvalidPart", etag.Code);
        Assert.Equal("InvalidPart", missing.Code);
        Assert.Equal(expectedETag, version.ETag);
        Assert.Equal(Convert.ToBase64String(composite) + "-2", version.Checksum!.Value);
        Assert.Equal("COMPOSITE", version.Checksum.Type);
        Assert.Equal((5 * 1024 * 1024) + 4, version.Size);
        Assert.Equal("text/csv", version.Headers.ContentType);
        Assert.Equal("NoSuchUpload", gone.Code);
        Assert.Equal(1, BlobCount);
    }

    [Fact]
    public async Task Multipart_SmallPartBeforeLast_IsEntityTooSmall()
    {
        _s3.CreateBucket("svc-small", null, null);
        var upload = _s3.CreateMultipartUpload("svc-small", "k", new S3ObjectHeaders(), S3Tags.Empty, null, null);
        var one = await _s3.UploadPartAsync("svc-small", "k", upload.UploadId, 1, Body("tiny"), S3BodyChecks.None);
        var two = await _s3.UploadPartAsync("svc-small", "k", upload.UploadId, 2, Body("tiny"), S3BodyChecks.None);

        var error = await ErrorAsync(() => _s3.CompleteMultipartUploadAsync("svc-small", "k", upload.UploadId, [new(1, one.ETag), new(2, two.ETag)]));
        _s3.AbortMultipartUpload("svc-small", "k", upload.UploadId);

        Assert.Equal("EntityTooSmall", error.Code);
        Assert.Contains(error.Details, d => d.Key == "MinSizeAllowed" && d.Value == "5242880");
        Assert.Equal(0, BlobCount);
    }

    [Fact]
    public async Task UploadPartCopy_Range_CopiesThoseBytes()
    {
        _s3.CreateBucket("svc-upc", null, null);
        await _s3.PutObjectAsync("svc-upc", "src", Body("0123456789"));
        var upload = _s3.CreateMultipartUpload("svc-upc", "dst", new S3ObjectHeaders(), S3Tags.Empty, null, null);

        var part = await _s3.UploadPartCopyAsync("svc-upc", "dst", upload.UploadId, 1, new S3CopySource("svc-upc", "src") { Range = S3ByteRange.Parse("bytes=3-6") });
        var outside = await ErrorAsync(() => _s3.UploadPartCopyAsync("svc-upc", "dst", upload.UploadId, 2, new S3CopySource("svc-upc", "src") { Range = S3ByteRange.Parse("bytes=5-10") }));
        await _s3.CompleteMultipartUploadAsync("svc-upc", "dst", upload.UploadId, [new(1, part.ETag)]);
        await using var read = _s3.OpenObject("svc-upc", "dst");

        Assert.Equal("3456", await new StreamReader(read.Body).ReadToEndAsync());
        Assert.Equal("InvalidArgument", outside.Code);
    }

    [Theory]
    [InlineData("bytes=0-4", 10, 0, 5)]
    [InlineData("bytes=5-", 10, 5, 5)]
    [InlineData("bytes=-3", 10, 7, 3)]
    [InlineData("bytes=8-100", 10, 8, 2)]
    [InlineData("bytes=-30", 10, 0, 10)]
    public void ByteRange_Resolve_GivesOffsetAndLength(string header, long size, long offset, long length) =>
        Assert.Equal((offset, length), S3ByteRange.Parse(header)!.Resolve(size));

    [Fact]
    public void ByteRange_PastTheEnd_IsInvalidRange416()
    {
        var error = Error(() => S3ByteRange.Parse("bytes=10-")!.Resolve(10));

        Assert.Equal(("InvalidRange", 416), (error.Code, error.Status));
        Assert.Null(S3ByteRange.Parse("bytes=0-1,4-5"));
        Assert.Null(S3ByteRange.Parse("items=0-1"));
    }

    [Theory]
    [InlineData("CRC32", "123456789", "CBF43926")]
    [InlineData("CRC32C", "123456789", "E3069283")]
    [InlineData("CRC64NVME", "123456789", "AE8B14860A799888")]
    [InlineData("SHA1", "abc", "A9993E364706816ABA3E25717850C26C9CD0D89D")]
    public void Checksums_StandardCheckValues_AreBigEndian(string algorithm, string input, string hex) =>
        Assert.Equal(hex, Convert.ToHexString(S3Checksums.Compute(S3Checksums.Parse(algorithm)!.Value, Encoding.ASCII.GetBytes(input))));

    [Fact]
    public async Task PutObject_IfNoneMatchStar_RefusesAnExistingKey()
    {
        _s3.CreateBucket("svc-cond", null, null);
        await _s3.PutObjectAsync("svc-cond", "k", Body("first"), new S3PutRequest { IfNoneMatch = "*" });

        var second = await ErrorAsync(() => _s3.PutObjectAsync("svc-cond", "k", Body("second"), new S3PutRequest { IfNoneMatch = "*" }));

        Assert.Equal(("PreconditionFailed", 412), (second.Code, second.Status));
        Assert.Equal(1, BlobCount);
    }

    [Fact]
    public async Task Dispose_TemporaryStore_DeletesItsDirectory()
    {
        var s3 = new S3Service(new S3ServiceOptions());
        s3.CreateBucket("svc-temp", null, null);
        await s3.PutObjectAsync("svc-temp", "k", Body("x"));
        var directory = s3.Blobs.Directory;

        s3.Dispose();

        Assert.False(Directory.Exists(directory));
    }
}
