using System.Security.Cryptography;
using System.Text.Json;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.S3;

/// <summary>S3 through the real AWS CLI v2: the high-level <c>s3</c> commands and <c>s3api</c> calls.</summary>
public sealed class S3CliTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>, IDisposable
{
    private readonly AwsCli _aws = new(cloud.Endpoint);
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-s3-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteFile(string name, int size, int seed)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The ETag S3 gives a multipart object: MD5 of the parts' MD5s, then -N.</summary>
    private static string MultipartETag(byte[] data, int partSize)
    {
        var md5s = new List<byte>();
        var parts = 0;
        for (var offset = 0; offset < data.Length; offset += partSize, parts++)
        {
            md5s.AddRange(MD5.HashData(data.AsSpan(offset, Math.Min(partSize, data.Length - offset))));
        }
        return "\"" + Convert.ToHexStringLower(MD5.HashData(md5s.ToArray())) + "-" + parts + "\"";
    }

    [Fact]
    public async Task Cp_UpAndDownSmallAndMultipart_BytesAndETagsMatchAws()
    {
        AwsCli.RequireInstalled();
        var small = WriteFile("small.bin", 1000, 1);
        var big = WriteFile("big.bin", (9 * 1024 * 1024) + 123, 2);
        await _aws.TextAsync("s3", "mb", "s3://cli-cp");

        await _aws.TextAsync("s3", "cp", small, "s3://cli-cp/a/small.bin", "--only-show-errors");
        await _aws.TextAsync("s3", "cp", big, "s3://cli-cp/a/big.bin", "--only-show-errors");
        await _aws.TextAsync("s3", "cp", "s3://cli-cp/a/small.bin", Path.Combine(_dir, "small.out"), "--only-show-errors");
        await _aws.TextAsync("s3", "cp", "s3://cli-cp/a/big.bin", Path.Combine(_dir, "big.out"), "--only-show-errors");
        var smallHead = await _aws.JsonAsync("s3api", "head-object", "--bucket", "cli-cp", "--key", "a/small.bin");
        var bigHead = await _aws.JsonAsync("s3api", "head-object", "--bucket", "cli-cp", "--key", "a/big.bin");

        Assert.Equal(File.ReadAllBytes(small), File.ReadAllBytes(Path.Combine(_dir, "small.out")));
        Assert.Equal(File.ReadAllBytes(big), File.ReadAllBytes(Path.Combine(_dir, "big.out")));
        Assert.Equal("\"" + Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(small))) + "\"", smallHead.GetProperty("ETag").GetString());
        // The CLI splits at 8 MiB chunks above its 8 MiB threshold.
        Assert.Equal(MultipartETag(File.ReadAllBytes(big), 8 * 1024 * 1024), bigHead.GetProperty("ETag").GetString());
        Assert.Equal((9 * 1024 * 1024) + 123, bigHead.GetProperty("ContentLength").GetInt64());
    }

    [Fact]
    public async Task LsRmRb_WithPrefixes_ListAndEmptyTheBucket()
    {
        AwsCli.RequireInstalled();
        var file = WriteFile("f.txt", 10, 3);
        await _aws.TextAsync("s3", "mb", "s3://cli-ls");
        foreach (var key in new[] { "logs/2026/a.txt", "logs/2026/b.txt", "logs/2027/c.txt", "top.txt" })
        {
            await _aws.TextAsync("s3", "cp", file, "s3://cli-ls/" + key, "--only-show-errors");
        }

        var root = await _aws.TextAsync("s3", "ls", "s3://cli-ls/");
        var logs = await _aws.TextAsync("s3", "ls", "s3://cli-ls/logs/");
        var recursive = await _aws.TextAsync("s3", "ls", "s3://cli-ls/logs/2026/", "--recursive");
        var notEmpty = await _aws.FailAsync("s3", "rb", "s3://cli-ls");
        await _aws.TextAsync("s3", "rm", "s3://cli-ls/", "--recursive", "--only-show-errors");
        await _aws.TextAsync("s3", "rb", "s3://cli-ls");
        var gone = await _aws.FailAsync("s3api", "head-bucket", "--bucket", "cli-ls");

        Assert.Contains("PRE logs/", root, StringComparison.Ordinal);
        Assert.Contains("top.txt", root, StringComparison.Ordinal);
        Assert.DoesNotContain("a.txt", root, StringComparison.Ordinal);
        Assert.Contains("PRE 2026/", logs, StringComparison.Ordinal);
        Assert.Contains("PRE 2027/", logs, StringComparison.Ordinal);
        Assert.Contains("logs/2026/a.txt", recursive, StringComparison.Ordinal);
        Assert.DoesNotContain("c.txt", recursive, StringComparison.Ordinal);
        Assert.Contains("BucketNotEmpty", notEmpty, StringComparison.Ordinal);
        Assert.Contains("404", gone, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_UpThenDown_CopiesOnlyWhatChanged()
    {
        AwsCli.RequireInstalled();
        WriteFile("site/index.html", 100, 4);
        WriteFile("site/css/app.css", 200, 5);
        await _aws.TextAsync("s3", "mb", "s3://cli-sync");

        var first = await _aws.TextAsync("s3", "sync", Path.Combine(_dir, "site"), "s3://cli-sync/site", "--no-progress");
        WriteFile("site/css/app.css", 300, 6);
        var second = await _aws.TextAsync("s3", "sync", Path.Combine(_dir, "site"), "s3://cli-sync/site", "--no-progress");
        var down = await _aws.TextAsync("s3", "sync", "s3://cli-sync/site", Path.Combine(_dir, "copy"), "--no-progress");

        Assert.Equal(2, first.Split('\n').Count(l => l.StartsWith("upload:", StringComparison.Ordinal)));
        Assert.Single(second.Split('\n'), l => l.StartsWith("upload:", StringComparison.Ordinal));
        Assert.Contains("app.css", second, StringComparison.Ordinal);
        Assert.Equal(2, down.Split('\n').Count(l => l.StartsWith("download:", StringComparison.Ordinal)));
        Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "site/css/app.css")), File.ReadAllBytes(Path.Combine(_dir, "copy/css/app.css")));
    }

    [Fact]
    public async Task S3Api_ObjectCalls_BehaveAsAws()
    {
        AwsCli.RequireInstalled();
        var body = Path.Combine(_dir, "body.txt");
        await File.WriteAllTextAsync(body, "0123456789");
        await _aws.JsonAsync("s3api", "create-bucket", "--bucket", "cli-api");

        var put = await _aws.JsonAsync("s3api", "put-object", "--bucket", "cli-api", "--key", "k.txt", "--body", body,
            "--content-type", "text/plain", "--metadata", "owner=team-a", "--tagging", "env=dev&tier=1", "--cache-control", "max-age=60");
        var range = await _aws.JsonAsync("s3api", "get-object", "--bucket", "cli-api", "--key", "k.txt", "--range", "bytes=2-4", Path.Combine(_dir, "range.out"));
        var head = await _aws.JsonAsync("s3api", "head-object", "--bucket", "cli-api", "--key", "k.txt");
        var tags = await _aws.JsonAsync("s3api", "get-object-tagging", "--bucket", "cli-api", "--key", "k.txt");
        var copy = await _aws.JsonAsync("s3api", "copy-object", "--bucket", "cli-api", "--key", "copy.txt", "--copy-source", "cli-api/k.txt");
        var copied = await _aws.JsonAsync("s3api", "head-object", "--bucket", "cli-api", "--key", "copy.txt");
        var notModified = await _aws.FailAsync("s3api", "get-object", "--bucket", "cli-api", "--key", "k.txt", "--if-none-match", put.GetProperty("ETag").GetString()!, Path.Combine(_dir, "nm.out"));
        var failed = await _aws.FailAsync("s3api", "get-object", "--bucket", "cli-api", "--key", "k.txt", "--if-match", "\"nope\"", Path.Combine(_dir, "pf.out"));
        var badRange = await _aws.FailAsync("s3api", "get-object", "--bucket", "cli-api", "--key", "k.txt", "--range", "bytes=50-60", Path.Combine(_dir, "r.out"));
        var deleted = await _aws.JsonAsync("s3api", "delete-objects", "--bucket", "cli-api", "--delete", """{"Objects":[{"Key":"k.txt"},{"Key":"copy.txt"},{"Key":"never-was"}]}""");
        var noKey = await _aws.FailAsync("s3api", "get-object", "--bucket", "cli-api", "--key", "k.txt", Path.Combine(_dir, "x.out"));

        Assert.Equal("234", await File.ReadAllTextAsync(Path.Combine(_dir, "range.out")));
        Assert.Equal("bytes 2-4/10", range.GetProperty("ContentRange").GetString());
        Assert.Equal("team-a", head.GetProperty("Metadata").GetProperty("owner").GetString());
        Assert.Equal("text/plain", head.GetProperty("ContentType").GetString());
        Assert.Equal("max-age=60", head.GetProperty("CacheControl").GetString());
        Assert.Equal(2, tags.GetProperty("TagSet").GetArrayLength());
        Assert.Equal(put.GetProperty("ETag").GetString(), copy.GetProperty("CopyObjectResult").GetProperty("ETag").GetString());
        Assert.Equal("team-a", copied.GetProperty("Metadata").GetProperty("owner").GetString());
        Assert.Contains("304", notModified, StringComparison.Ordinal);
        Assert.Contains("PreconditionFailed", failed, StringComparison.Ordinal);
        Assert.Contains("InvalidRange", badRange, StringComparison.Ordinal);
        Assert.Equal(3, deleted.GetProperty("Deleted").GetArrayLength());
        Assert.Contains("NoSuchKey", noKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Presign_GetUrl_ServesTheObjectWithoutCredentials()
    {
        AwsCli.RequireInstalled();
        var body = Path.Combine(_dir, "p.txt");
        await File.WriteAllTextAsync(body, "presigned!");
        await _aws.TextAsync("s3", "mb", "s3://cli-presign");
        await _aws.TextAsync("s3", "cp", body, "s3://cli-presign/p.txt", "--only-show-errors");

        var (exit, url, error) = await _aws.RunAsync("s3", "presign", "s3://cli-presign/p.txt", "--expires-in", "300");
        using var http = new HttpClient();
        var text = await http.GetStringAsync(url.Trim()).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(exit == 0, error);
        Assert.Contains("X-Amz-Signature=", url, StringComparison.Ordinal);
        Assert.Equal("presigned!", text);
    }

    [Fact]
    public async Task Versioning_EnabledBucket_KeepsVersionsAndDeleteMarkers()
    {
        AwsCli.RequireInstalled();
        var body = Path.Combine(_dir, "v.txt");
        await _aws.TextAsync("s3", "mb", "s3://cli-versions");
        await _aws.JsonAsync("s3api", "put-bucket-versioning", "--bucket", "cli-versions", "--versioning-configuration", "Status=Enabled");
        await File.WriteAllTextAsync(body, "one");
        var v1 = (await _aws.JsonAsync("s3api", "put-object", "--bucket", "cli-versions", "--key", "doc", "--body", body)).GetProperty("VersionId").GetString()!;
        await File.WriteAllTextAsync(body, "two");
        var v2 = (await _aws.JsonAsync("s3api", "put-object", "--bucket", "cli-versions", "--key", "doc", "--body", body)).GetProperty("VersionId").GetString()!;
        var marker = await _aws.JsonAsync("s3api", "delete-object", "--bucket", "cli-versions", "--key", "doc");
        var versions = await _aws.JsonAsync("s3api", "list-object-versions", "--bucket", "cli-versions");
        await _aws.JsonAsync("s3api", "get-object", "--bucket", "cli-versions", "--key", "doc", "--version-id", v1, Path.Combine(_dir, "v1.out"));
        var status = await _aws.JsonAsync("s3api", "get-bucket-versioning", "--bucket", "cli-versions");
        var current = await _aws.FailAsync("s3api", "get-object", "--bucket", "cli-versions", "--key", "doc", Path.Combine(_dir, "cur.out"));

        Assert.NotEqual(v1, v2);
        Assert.True(marker.GetProperty("DeleteMarker").GetBoolean());
        Assert.Equal(2, versions.GetProperty("Versions").GetArrayLength());
        Assert.Single(versions.GetProperty("DeleteMarkers").EnumerateArray());
        Assert.True(versions.GetProperty("DeleteMarkers")[0].GetProperty("IsLatest").GetBoolean());
        Assert.Equal("one", await File.ReadAllTextAsync(Path.Combine(_dir, "v1.out")));
        Assert.Equal("Enabled", status.GetProperty("Status").GetString());
        Assert.Contains("NoSuchKey", current, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BucketSettings_TemplatesSettings_RoundTrip()
    {
        AwsCli.RequireInstalled();
        await _aws.JsonAsync("s3api", "create-bucket", "--bucket", "cli-settings", "--region", "us-east-1");

        await _aws.JsonAsync("s3api", "put-bucket-tagging", "--bucket", "cli-settings", "--tagging", "TagSet=[{Key=app,Value=sluice}]");
        await _aws.JsonAsync("s3api", "put-bucket-encryption", "--bucket", "cli-settings", "--server-side-encryption-configuration",
            """{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"alias/x"},"BucketKeyEnabled":true}]}""");
        await _aws.JsonAsync("s3api", "put-bucket-lifecycle-configuration", "--bucket", "cli-settings", "--lifecycle-configuration",
            """{"Rules":[{"ID":"expire","Status":"Enabled","Filter":{"Prefix":"tmp/"},"Expiration":{"Days":7}}]}""");
        await _aws.JsonAsync("s3api", "put-bucket-policy", "--bucket", "cli-settings", "--policy",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::cli-settings/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}""");
        await _aws.JsonAsync("s3api", "put-public-access-block", "--bucket", "cli-settings", "--public-access-block-configuration",
            "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=false,RestrictPublicBuckets=false");
        await _aws.JsonAsync("s3api", "put-bucket-ownership-controls", "--bucket", "cli-settings", "--ownership-controls", "Rules=[{ObjectOwnership=BucketOwnerPreferred}]");
        var tags = await _aws.JsonAsync("s3api", "get-bucket-tagging", "--bucket", "cli-settings");
        var encryption = await _aws.JsonAsync("s3api", "get-bucket-encryption", "--bucket", "cli-settings");
        var lifecycle = await _aws.JsonAsync("s3api", "get-bucket-lifecycle-configuration", "--bucket", "cli-settings");
        var policy = await _aws.JsonAsync("s3api", "get-bucket-policy", "--bucket", "cli-settings");
        var block = await _aws.JsonAsync("s3api", "get-public-access-block", "--bucket", "cli-settings");
        var ownership = await _aws.JsonAsync("s3api", "get-bucket-ownership-controls", "--bucket", "cli-settings");
        var location = await _aws.JsonAsync("s3api", "get-bucket-location", "--bucket", "cli-settings");
        await _aws.JsonAsync("s3api", "delete-bucket-policy", "--bucket", "cli-settings");
        var noPolicy = await _aws.FailAsync("s3api", "get-bucket-policy", "--bucket", "cli-settings");

        Assert.Equal("sluice", tags.GetProperty("TagSet")[0].GetProperty("Value").GetString());
        var rule = encryption.GetProperty("ServerSideEncryptionConfiguration").GetProperty("Rules")[0];
        Assert.Equal("aws:kms", rule.GetProperty("ApplyServerSideEncryptionByDefault").GetProperty("SSEAlgorithm").GetString());
        Assert.True(rule.GetProperty("BucketKeyEnabled").GetBoolean());
        Assert.Equal(7, lifecycle.GetProperty("Rules")[0].GetProperty("Expiration").GetProperty("Days").GetInt32());
        Assert.Contains("SecureTransport", policy.GetProperty("Policy").GetString(), StringComparison.Ordinal);
        Assert.False(block.GetProperty("PublicAccessBlockConfiguration").GetProperty("BlockPublicPolicy").GetBoolean());
        Assert.Equal("BucketOwnerPreferred", ownership.GetProperty("OwnershipControls").GetProperty("Rules")[0].GetProperty("ObjectOwnership").GetString());
        Assert.Equal(JsonValueKind.Null, location.GetProperty("LocationConstraint").ValueKind);
        Assert.Contains("NoSuchBucketPolicy", noPolicy, StringComparison.Ordinal);
    }
}
