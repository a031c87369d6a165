using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Kms;

/// <summary>KMS through the real AWS CLI: HMAC keys, GenerateMac/VerifyMac, aliases, key states, and AWS's errors.</summary>
public sealed class KmsCliTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>, IDisposable
{
    private readonly AwsCli _aws = new(cloud.Endpoint);
    private readonly string _dir = Directory.CreateTempSubdirectory("kms-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A <c>fileb://</c> argument with these bytes: both CLI versions send a file's bytes as the blob.</summary>
    private string File(byte[] bytes)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N"));
        System.IO.File.WriteAllBytes(path, bytes);
        return "fileb://" + path;
    }

    private string File(string text) => File(System.Text.Encoding.UTF8.GetBytes(text));

    private async Task<string> HmacKeyAsync(string spec = "HMAC_256") =>
        (await _aws.JsonAsync("kms", "create-key", "--key-spec", spec, "--key-usage", "GENERATE_VERIFY_MAC", "--description", "outcomes"))
            .GetProperty("KeyMetadata").GetProperty("KeyId").GetString()!;

    private async Task<byte[]> MacAsync(string key, string message, string algorithm = "HMAC_SHA_256") =>
        (await _aws.JsonAsync("kms", "generate-mac", "--key-id", key, "--message", File(message), "--mac-algorithm", algorithm))
            .GetProperty("Mac").GetBytesFromBase64();

    [Fact]
    public async Task CreateKey_Hmac256_DescribedAsAwsDescribesIt()
    {
        AwsCli.RequireInstalled();
        var created = (await _aws.JsonAsync("kms", "create-key", "--key-spec", "HMAC_256", "--key-usage", "GENERATE_VERIFY_MAC", "--description", "outcomes", "--tags", "TagKey=team,TagValue=orders"))
            .GetProperty("KeyMetadata");
        var id = created.GetProperty("KeyId").GetString()!;

        var described = (await _aws.JsonAsync("kms", "describe-key", "--key-id", id)).GetProperty("KeyMetadata");
        var tags = await _aws.JsonAsync("kms", "list-resource-tags", "--key-id", id);

        Assert.Equal($"arn:aws:kms:us-east-1:000000000000:key/{id}", described.GetProperty("Arn").GetString());
        Assert.Equal("GENERATE_VERIFY_MAC", described.GetProperty("KeyUsage").GetString());
        Assert.Equal("HMAC_256", described.GetProperty("KeySpec").GetString());
        Assert.Equal("Enabled", described.GetProperty("KeyState").GetString());
        Assert.Equal(["HMAC_SHA_256"], described.GetProperty("MacAlgorithms").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("outcomes", described.GetProperty("Description").GetString());
        Assert.Equal("orders", tags.GetProperty("Tags")[0].GetProperty("TagValue").GetString());
    }

    [Theory]
    [InlineData("HMAC_256", "HMAC_SHA_256", 32)]
    [InlineData("HMAC_384", "HMAC_SHA_384", 48)]
    [InlineData("HMAC_512", "HMAC_SHA_512", 64)]
    public async Task GenerateMac_ThenVerifyMac_SameMessageValid_AnyChangeInvalid(string spec, string algorithm, int length)
    {
        AwsCli.RequireInstalled();
        var key = await HmacKeyAsync(spec);
        var other = await HmacKeyAsync(spec);
        var mac = await MacAsync(key, "order.confirmed o-1", algorithm);
        var again = await MacAsync(key, "order.confirmed o-1", algorithm);
        var otherMac = await MacAsync(other, "order.confirmed o-1", algorithm);

        var verified = await _aws.JsonAsync("kms", "verify-mac", "--key-id", key, "--message", File("order.confirmed o-1"), "--mac-algorithm", algorithm, "--mac", File(mac));
        var tampered = await _aws.FailAsync("kms", "verify-mac", "--key-id", key, "--message", File("order.confirmed o-2"), "--mac-algorithm", algorithm, "--mac", File(mac));
        var wrongKey = await _aws.FailAsync("kms", "verify-mac", "--key-id", other, "--message", File("order.confirmed o-1"), "--mac-algorithm", algorithm, "--mac", File(mac));

        Assert.Equal(length, mac.Length);
        Assert.Equal(mac, again);
        Assert.NotEqual(mac, otherMac);
        Assert.True(verified.GetProperty("MacValid").GetBoolean());
        Assert.EndsWith(key, verified.GetProperty("KeyId").GetString());
        Assert.Contains("KMSInvalidMacException", tampered);
        Assert.Contains("KMSInvalidMacException", wrongKey);
    }

    [Fact]
    public async Task Alias_NamesTheKey_ForMacsAndDescribe()
    {
        AwsCli.RequireInstalled();
        var key = await HmacKeyAsync();
        var alias = "alias/outcomes-" + Guid.NewGuid().ToString("N")[..8];
        await _aws.JsonAsync("kms", "create-alias", "--alias-name", alias, "--target-key-id", key);

        var byAlias = (await _aws.JsonAsync("kms", "describe-key", "--key-id", alias)).GetProperty("KeyMetadata").GetProperty("KeyId").GetString();
        var mac = await MacAsync(alias, "m");
        var verified = await _aws.JsonAsync("kms", "verify-mac", "--key-id", key, "--message", File("m"), "--mac-algorithm", "HMAC_SHA_256", "--mac", File(mac));
        var listed = (await _aws.JsonAsync("kms", "list-aliases", "--key-id", key)).GetProperty("Aliases");
        var duplicate = await _aws.FailAsync("kms", "create-alias", "--alias-name", alias, "--target-key-id", key);
        var reserved = await _aws.FailAsync("kms", "create-alias", "--alias-name", "alias/aws/mine", "--target-key-id", key);
        await _aws.JsonAsync("kms", "delete-alias", "--alias-name", alias);
        var gone = await _aws.FailAsync("kms", "describe-key", "--key-id", alias);

        Assert.Equal(key, byAlias);
        Assert.True(verified.GetProperty("MacValid").GetBoolean());
        Assert.Equal(alias, Assert.Single(listed.EnumerateArray()).GetProperty("AliasName").GetString());
        Assert.Contains("AlreadyExistsException", duplicate);
        Assert.Contains("InvalidAliasNameException", reserved);
        Assert.Contains("NotFoundException", gone);
    }

    [Fact]
    public async Task KeyStates_DisabledAndPendingDeletion_RefuseMacs()
    {
        AwsCli.RequireInstalled();
        var key = await HmacKeyAsync();
        await _aws.JsonAsync("kms", "disable-key", "--key-id", key);
        var disabled = await _aws.FailAsync("kms", "generate-mac", "--key-id", key, "--message", File("m"), "--mac-algorithm", "HMAC_SHA_256");
        await _aws.JsonAsync("kms", "enable-key", "--key-id", key);
        await MacAsync(key, "m");
        var scheduled = await _aws.JsonAsync("kms", "schedule-key-deletion", "--key-id", key, "--pending-window-in-days", "7");
        var pending = await _aws.FailAsync("kms", "generate-mac", "--key-id", key, "--message", File("m"), "--mac-algorithm", "HMAC_SHA_256");
        var state = (await _aws.JsonAsync("kms", "describe-key", "--key-id", key)).GetProperty("KeyMetadata").GetProperty("KeyState").GetString();
        await _aws.JsonAsync("kms", "cancel-key-deletion", "--key-id", key);
        var afterCancel = (await _aws.JsonAsync("kms", "describe-key", "--key-id", key)).GetProperty("KeyMetadata").GetProperty("KeyState").GetString();

        Assert.Contains("DisabledException", disabled);
        Assert.Equal("PendingDeletion", scheduled.GetProperty("KeyState").GetString());
        Assert.Equal(7, scheduled.GetProperty("PendingWindowInDays").GetInt32());
        Assert.Contains("KMSInvalidStateException", pending);
        Assert.Equal("PendingDeletion", state);
        Assert.Equal("Disabled", afterCancel);
    }

    [Fact]
    public async Task BadInput_EachRefused_WithAwsErrorCodes()
    {
        AwsCli.RequireInstalled();
        var hmac = await HmacKeyAsync();
        var symmetric = (await _aws.JsonAsync("kms", "create-key")).GetProperty("KeyMetadata");

        Assert.Equal("ENCRYPT_DECRYPT", symmetric.GetProperty("KeyUsage").GetString());
        Assert.Contains("InvalidKeyUsageException", await _aws.FailAsync("kms", "generate-mac", "--key-id", symmetric.GetProperty("KeyId").GetString()!, "--message", File("m"), "--mac-algorithm", "HMAC_SHA_256"));
        Assert.Contains("InvalidKeyUsageException", await _aws.FailAsync("kms", "generate-mac", "--key-id", hmac, "--message", File("m"), "--mac-algorithm", "HMAC_SHA_512"));
        Assert.Contains("ValidationException", await _aws.FailAsync("kms", "create-key", "--key-spec", "HMAC_256"));
        Assert.Contains("ValidationException", await _aws.FailAsync("kms", "generate-mac", "--key-id", hmac, "--message", File(new byte[4097]), "--mac-algorithm", "HMAC_SHA_256"));
        Assert.Contains("NotFoundException", await _aws.FailAsync("kms", "describe-key", "--key-id", Guid.NewGuid().ToString()));
        Assert.Contains("ValidationException", await _aws.FailAsync("kms", "schedule-key-deletion", "--key-id", hmac, "--pending-window-in-days", "3"));
    }

    [Fact]
    public async Task ListKeys_PagesWithMarker_UntilEveryKeyIsSeen()
    {
        AwsCli.RequireInstalled();
        var mine = new[] { await HmacKeyAsync(), await HmacKeyAsync(), await HmacKeyAsync() };
        var seen = new List<string>();
        string? marker = null;
        do
        {
            string[] args = marker is null ? ["kms", "list-keys", "--limit", "2", "--no-paginate"] : ["kms", "list-keys", "--limit", "2", "--no-paginate", "--marker", marker];
            var page = await _aws.JsonAsync(args);
            var keys = page.GetProperty("Keys").EnumerateArray().Select(k => k.GetProperty("KeyId").GetString()!).ToList();
            Assert.True(keys.Count <= 2);
            seen.AddRange(keys);
            marker = page.GetProperty("Truncated").GetBoolean() ? page.GetProperty("NextMarker").GetString() : null;
        }
        while (marker is not null);

        Assert.Subset(seen.ToHashSet(), mine.ToHashSet());
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }
}
