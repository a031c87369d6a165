using System.Security.Cryptography;
using System.Text.Json;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Persistence;

/// <summary>S3 on a data directory: buckets, objects, versions and uploads survive a SIGKILL of the host.</summary>
public sealed class S3RestartTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("sluice-data-").FullName;
    private readonly string _files = Directory.CreateTempSubdirectory("sluice-s3-files-").FullName;

    private string WriteFile(string name, int size, int seed)
    {
        var path = Path.Combine(_files, name);
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Out(string name) => Path.Combine(_files, name);

    private string[] Blobs() => Directory.GetFiles(Path.Combine(_data, "s3", "blobs"));

    [Fact]
    public async Task PutObject_HostKilledAndRestarted_BodyMetadataTagsAndBucketSettingsKept()
    {
        AwsCli.RequireInstalled();
        var body = WriteFile("body.bin", 70_000, 1);
        using (var first = await LocalCloudProcess.StartAsync("--data-dir", _data))
        {
            var aws = new AwsCli(first.Endpoint);
            await aws.JsonAsync("s3api", "create-bucket", "--bucket", "kept");
            await aws.JsonAsync("s3api", "put-bucket-tagging", "--bucket", "kept", "--tagging", """{"TagSet":[{"Key":"team","Value":"orders"}]}""");
            await aws.JsonAsync("s3api", "put-bucket-cors", "--bucket", "kept", "--cors-configuration",
                """{"CORSRules":[{"AllowedMethods":["GET"],"AllowedOrigins":["https://example.com"]}]}""");
            await aws.JsonAsync("s3api", "put-object", "--bucket", "kept", "--key", "a/b.bin", "--body", body, "--content-type", "application/x-test",
                "--metadata", "owner=me", "--tagging", "stage=one", "--checksum-algorithm", "SHA256");
            await first.KillAsync();
        }

        using var second = await LocalCloudProcess.StartAsync("--data-dir", _data);
        var again = new AwsCli(second.Endpoint);
        var got = await again.JsonAsync("s3api", "get-object", "--bucket", "kept", "--key", "a/b.bin", "--checksum-mode", "ENABLED", Out("got.bin"));
        var tags = await again.JsonAsync("s3api", "get-object-tagging", "--bucket", "kept", "--key", "a/b.bin");
        var bucketTags = await again.JsonAsync("s3api", "get-bucket-tagging", "--bucket", "kept");
        var cors = await again.JsonAsync("s3api", "get-bucket-cors", "--bucket", "kept");
        var listed = await again.JsonAsync("s3api", "list-objects-v2", "--bucket", "kept");

        Assert.Equal(File.ReadAllBytes(body), File.ReadAllBytes(Out("got.bin")));
        Assert.Equal("\"" + Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(body))) + "\"", got.GetProperty("ETag").GetString());
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(File.ReadAllBytes(body))), got.GetProperty("ChecksumSHA256").GetString());
        Assert.Equal("application/x-test", got.GetProperty("ContentType").GetString());
        Assert.Equal("me", got.GetProperty("Metadata").GetProperty("owner").GetString());
        Assert.Equal("stage=one", Tags(tags));
        Assert.Equal("team=orders", Tags(bucketTags));
        Assert.Equal("https://example.com", cors.GetProperty("CORSRules")[0].GetProperty("AllowedOrigins")[0].GetString());
        Assert.Equal(["a/b.bin"], listed.GetProperty("Contents").EnumerateArray().Select(o => o.GetProperty("Key").GetString()).ToList());
        Assert.Single(Blobs());
    }

    [Fact]
    public async Task VersionedBucket_HostKilledAndRestarted_VersionsAndDeleteMarkerKeptInOrder()
    {
        AwsCli.RequireInstalled();
        var one = WriteFile("one.txt", 10, 1);
        var two = WriteFile("two.txt", 20, 2);
        var three = WriteFile("three.txt", 30, 3);
        string v1, v2, marker;
        using (var first = await LocalCloudProcess.StartAsync("--data-dir", _data))
        {
            var aws = new AwsCli(first.Endpoint);
            await aws.JsonAsync("s3api", "create-bucket", "--bucket", "versions");
            await aws.JsonAsync("s3api", "put-bucket-versioning", "--bucket", "versions", "--versioning-configuration", "Status=Enabled");
            v1 = (await aws.JsonAsync("s3api", "put-object", "--bucket", "versions", "--key", "k", "--body", one)).GetProperty("VersionId").GetString()!;
            v2 = (await aws.JsonAsync("s3api", "put-object", "--bucket", "versions", "--key", "k", "--body", two)).GetProperty("VersionId").GetString()!;
            await aws.JsonAsync("s3api", "put-object-tagging", "--bucket", "versions", "--key", "k", "--version-id", v1, "--tagging", """{"TagSet":[{"Key":"old","Value":"yes"}]}""");
            marker = (await aws.JsonAsync("s3api", "delete-object", "--bucket", "versions", "--key", "k")).GetProperty("VersionId").GetString()!;
            await first.KillAsync();
        }

        using var second = await LocalCloudProcess.StartAsync("--data-dir", _data);
        var again = new AwsCli(second.Endpoint);
        var versioning = await again.JsonAsync("s3api", "get-bucket-versioning", "--bucket", "versions");
        var deleted = await again.FailAsync("s3api", "head-object", "--bucket", "versions", "--key", "k");
        var listed = await again.JsonAsync("s3api", "list-object-versions", "--bucket", "versions");
        await again.JsonAsync("s3api", "get-object", "--bucket", "versions", "--key", "k", "--version-id", v1, Out("v1.txt"));
        var oldTags = await again.JsonAsync("s3api", "get-object-tagging", "--bucket", "versions", "--key", "k", "--version-id", v1);
        var v3 = (await again.JsonAsync("s3api", "put-object", "--bucket", "versions", "--key", "k", "--body", three)).GetProperty("VersionId").GetString()!;
        await again.JsonAsync("s3api", "get-object", "--bucket", "versions", "--key", "k", Out("latest.txt"));
        var afterPut = await again.JsonAsync("s3api", "list-object-versions", "--bucket", "versions");

        Assert.Equal("Enabled", versioning.GetProperty("Status").GetString());
        Assert.Contains("404", deleted, StringComparison.Ordinal);
        // The delete marker is the latest; the two versions behind it, newest first.
        Assert.Equal([(v2, false), (v1, false)], listed.GetProperty("Versions").EnumerateArray()
            .Select(v => (v.GetProperty("VersionId").GetString()!, v.GetProperty("IsLatest").GetBoolean())).ToList());
        var markers = listed.GetProperty("DeleteMarkers").EnumerateArray().ToList();
        Assert.Equal(marker, Assert.Single(markers).GetProperty("VersionId").GetString());
        Assert.True(markers[0].GetProperty("IsLatest").GetBoolean());
        Assert.Equal(File.ReadAllBytes(one), File.ReadAllBytes(Out("v1.txt")));
        Assert.Equal("old=yes", Tags(oldTags));
        Assert.Equal(File.ReadAllBytes(three), File.ReadAllBytes(Out("latest.txt")));
        Assert.Equal([v3, v2, v1], afterPut.GetProperty("Versions").EnumerateArray().Select(v => v.GetProperty("VersionId").GetString()!).ToList());
        Assert.Equal(3, Blobs().Length);
    }

    [Fact]
    public async Task MultipartUpload_HostKilledBetweenParts_UploadResumesAndCompletes()
    {
        AwsCli.RequireInstalled();
        var part1 = WriteFile("part1.bin", 5 * 1024 * 1024, 1);
        var part2 = WriteFile("part2.bin", 1000, 2);
        string uploadId, etag1;
        using (var first = await LocalCloudProcess.StartAsync("--data-dir", _data))
        {
            var aws = new AwsCli(first.Endpoint);
            await aws.JsonAsync("s3api", "create-bucket", "--bucket", "uploads");
            uploadId = (await aws.JsonAsync("s3api", "create-multipart-upload", "--bucket", "uploads", "--key", "big", "--content-type", "text/x-big",
                "--checksum-algorithm", "CRC32")).GetProperty("UploadId").GetString()!;
            etag1 = (await aws.JsonAsync("s3api", "upload-part", "--bucket", "uploads", "--key", "big", "--upload-id", uploadId, "--part-number", "1", "--body", part1,
                "--checksum-algorithm", "CRC32")).GetProperty("ETag").GetString()!;
            await first.KillAsync();
        }

        using var second = await LocalCloudProcess.StartAsync("--data-dir", _data);
        var again = new AwsCli(second.Endpoint);
        var uploads = await again.JsonAsync("s3api", "list-multipart-uploads", "--bucket", "uploads");
        var parts = await again.JsonAsync("s3api", "list-parts", "--bucket", "uploads", "--key", "big", "--upload-id", uploadId);
        var part1Checksum = parts.GetProperty("Parts")[0].GetProperty("ChecksumCRC32").GetString()!;
        var part2Answer = await again.JsonAsync("s3api", "upload-part", "--bucket", "uploads", "--key", "big", "--upload-id", uploadId, "--part-number", "2", "--body", part2,
            "--checksum-algorithm", "CRC32");
        var completion = JsonSerializer.Serialize(new
        {
            Parts = new[]
            {
                new { PartNumber = 1, ETag = etag1, ChecksumCRC32 = part1Checksum },
                new { PartNumber = 2, ETag = part2Answer.GetProperty("ETag").GetString()!, ChecksumCRC32 = part2Answer.GetProperty("ChecksumCRC32").GetString()! },
            },
        });
        await again.JsonAsync("s3api", "complete-multipart-upload", "--bucket", "uploads", "--key", "big", "--upload-id", uploadId, "--multipart-upload", completion);
        var got = await again.JsonAsync("s3api", "get-object", "--bucket", "uploads", "--key", "big", Out("big.out"));
        var left = await again.JsonAsync("s3api", "list-multipart-uploads", "--bucket", "uploads");

        Assert.Equal(uploadId, Assert.Single(uploads.GetProperty("Uploads").EnumerateArray()).GetProperty("UploadId").GetString());
        var kept = Assert.Single(parts.GetProperty("Parts").EnumerateArray());
        Assert.Equal(etag1, kept.GetProperty("ETag").GetString());
        Assert.Equal(5 * 1024 * 1024, kept.GetProperty("Size").GetInt64());
        Assert.Equal([.. File.ReadAllBytes(part1), .. File.ReadAllBytes(part2)], File.ReadAllBytes(Out("big.out")));
        Assert.Equal("text/x-big", got.GetProperty("ContentType").GetString());
        Assert.EndsWith("-2\"", got.GetProperty("ETag").GetString(), StringComparison.Ordinal);
        Assert.False(left.TryGetProperty("Uploads", out var open) && open.GetArrayLength() > 0);
        // The completed object's body only: the parts' files went with the upload.
        Assert.Single(Blobs());
    }

    [Fact]
    public async Task DeleteObjectAndBucket_HostKilledAndRestarted_StayDeletedAndOrphanBodiesRemoved()
    {
        AwsCli.RequireInstalled();
        var file = WriteFile("f.txt", 100, 1);
        using (var first = await LocalCloudProcess.StartAsync("--data-dir", _data))
        {
            var aws = new AwsCli(first.Endpoint);
            await aws.JsonAsync("s3api", "create-bucket", "--bucket", "stays");
            await aws.JsonAsync("s3api", "create-bucket", "--bucket", "goes");
            await aws.JsonAsync("s3api", "put-object", "--bucket", "stays", "--key", "kept", "--body", file);
            await aws.JsonAsync("s3api", "put-object", "--bucket", "stays", "--key", "deleted", "--body", file);
            await aws.JsonAsync("s3api", "put-object", "--bucket", "stays", "--key", "overwritten", "--body", file);
            await aws.JsonAsync("s3api", "put-object", "--bucket", "stays", "--key", "overwritten", "--body", WriteFile("g.txt", 7, 2));
            await aws.JsonAsync("s3api", "delete-object", "--bucket", "stays", "--key", "deleted");
            await aws.JsonAsync("s3api", "delete-bucket", "--bucket", "goes");
            await first.KillAsync();
        }
        // A body whose row never committed (the host died between the two): not an object, removed at start.
        File.WriteAllText(Path.Combine(_data, "s3", "blobs", "0123456789abcdef0123456789abcdef"), "orphan");

        using var second = await LocalCloudProcess.StartAsync("--data-dir", _data);
        var again = new AwsCli(second.Endpoint);
        var buckets = await again.JsonAsync("s3api", "list-buckets");
        var keys = await again.JsonAsync("s3api", "list-objects-v2", "--bucket", "stays");
        var deleted = await again.FailAsync("s3api", "head-object", "--bucket", "stays", "--key", "deleted");
        var overwritten = await again.JsonAsync("s3api", "head-object", "--bucket", "stays", "--key", "overwritten");

        Assert.Equal(["stays"], buckets.GetProperty("Buckets").EnumerateArray().Select(b => b.GetProperty("Name").GetString()).ToList());
        Assert.Equal(["kept", "overwritten"], keys.GetProperty("Contents").EnumerateArray().Select(o => o.GetProperty("Key").GetString()).ToList());
        Assert.Contains("404", deleted, StringComparison.Ordinal);
        Assert.Equal(7, overwritten.GetProperty("ContentLength").GetInt64());
        Assert.Equal(2, Blobs().Length);
    }

    [Fact]
    public async Task KmsKeyAndAlias_HostKilledAndRestarted_MacStillVerifiesAndStateKept()
    {
        AwsCli.RequireInstalled();
        string keyId, mac, disabledId, scheduledId;
        // fileb:// arguments: both CLI versions send a file's bytes as the blob.
        File.WriteAllText(Out("message"), "order-1");
        var message = "fileb://" + Out("message");
        using (var first = await LocalCloudProcess.StartAsync("--data-dir", _data))
        {
            var aws = new AwsCli(first.Endpoint);
            keyId = (await aws.JsonAsync("kms", "create-key", "--key-spec", "HMAC_256", "--key-usage", "GENERATE_VERIFY_MAC", "--description", "outcomes",
                "--tags", "TagKey=team,TagValue=orders")).GetProperty("KeyMetadata").GetProperty("KeyId").GetString()!;
            await aws.JsonAsync("kms", "create-alias", "--alias-name", "alias/outcomes", "--target-key-id", keyId);
            await aws.JsonAsync("kms", "create-alias", "--alias-name", "alias/removed", "--target-key-id", keyId);
            await aws.JsonAsync("kms", "delete-alias", "--alias-name", "alias/removed");
            mac = (await aws.JsonAsync("kms", "generate-mac", "--key-id", "alias/outcomes", "--mac-algorithm", "HMAC_SHA_256", "--message", message))
                .GetProperty("Mac").GetString()!;
            disabledId = (await aws.JsonAsync("kms", "create-key")).GetProperty("KeyMetadata").GetProperty("KeyId").GetString()!;
            await aws.JsonAsync("kms", "disable-key", "--key-id", disabledId);
            scheduledId = (await aws.JsonAsync("kms", "create-key")).GetProperty("KeyMetadata").GetProperty("KeyId").GetString()!;
            await aws.JsonAsync("kms", "schedule-key-deletion", "--key-id", scheduledId, "--pending-window-in-days", "7");
            await first.KillAsync();
        }

        using var second = await LocalCloudProcess.StartAsync("--data-dir", _data);
        var again = new AwsCli(second.Endpoint);
        File.WriteAllBytes(Out("mac"), Convert.FromBase64String(mac));
        var verified = await again.JsonAsync("kms", "verify-mac", "--key-id", "alias/outcomes", "--mac-algorithm", "HMAC_SHA_256", "--message", message, "--mac", "fileb://" + Out("mac"));
        var described = (await again.JsonAsync("kms", "describe-key", "--key-id", keyId)).GetProperty("KeyMetadata");
        var aliases = await again.JsonAsync("kms", "list-aliases");
        var keys = await again.JsonAsync("kms", "list-keys");
        var tags = await again.JsonAsync("kms", "list-resource-tags", "--key-id", keyId);
        var disabled = (await again.JsonAsync("kms", "describe-key", "--key-id", disabledId)).GetProperty("KeyMetadata");
        var scheduled = (await again.JsonAsync("kms", "describe-key", "--key-id", scheduledId)).GetProperty("KeyMetadata");

        Assert.True(verified.GetProperty("MacValid").GetBoolean());
        Assert.Equal("outcomes", described.GetProperty("Description").GetString());
        Assert.Equal("Enabled", described.GetProperty("KeyState").GetString());
        Assert.Equal(["alias/outcomes"], aliases.GetProperty("Aliases").EnumerateArray().Select(a => a.GetProperty("AliasName").GetString()).ToList());
        Assert.Equal([keyId, disabledId, scheduledId], keys.GetProperty("Keys").EnumerateArray().Select(k => k.GetProperty("KeyId").GetString()).ToList());
        Assert.Equal("orders", Assert.Single(tags.GetProperty("Tags").EnumerateArray()).GetProperty("TagValue").GetString());
        Assert.Equal("Disabled", disabled.GetProperty("KeyState").GetString());
        Assert.Equal("PendingDeletion", scheduled.GetProperty("KeyState").GetString());
    }

    private static string Tags(JsonElement tagging) =>
        string.Join('&', tagging.GetProperty("TagSet").EnumerateArray().Select(t => t.GetProperty("Key").GetString() + "=" + t.GetProperty("Value").GetString()));

    public void Dispose()
    {
        Directory.Delete(_data, recursive: true);
        Directory.Delete(_files, recursive: true);
    }
}
