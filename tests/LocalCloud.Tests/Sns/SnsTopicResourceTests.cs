using System.Text.Json;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Sns;

/// <summary>Topic tags, permissions and data protection policies through the AWS CLI, with AWS's answers.</summary>
public sealed class SnsTopicResourceTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>
{
    private AwsCli Aws => new(cloud.Endpoint);

    private async Task<string> TopicAsync(string name, params string[] extra) =>
        (await Aws.JsonAsync(["sns", "create-topic", "--name", name, .. extra])).GetProperty("TopicArn").GetString()!;

    private async Task<JsonElement> PolicyAsync(string arn) =>
        JsonDocument.Parse((await Aws.JsonAsync("sns", "get-topic-attributes", "--topic-arn", arn)).GetProperty("Attributes").GetProperty("Policy").GetString()!).RootElement;

    [Fact]
    public async Task Tags_TagUntagList_InKeyOrder_AndAnUnknownTopicIsResourceNotFound()
    {
        AwsCli.RequireInstalled();
        var arn = await TopicAsync("tagged-topic", "--tags", "Key=team,Value=orders");

        await Aws.TextAsync("sns", "tag-resource", "--resource-arn", arn, "--tags", "Key=env,Value=dev", "Key=cost,Value=42");
        await Aws.TextAsync("sns", "untag-resource", "--resource-arn", arn, "--tag-keys", "cost");
        var tags = (await Aws.JsonAsync("sns", "list-tags-for-resource", "--resource-arn", arn)).GetProperty("Tags");
        var unknown = await Aws.FailAsync("sns", "list-tags-for-resource", "--resource-arn", arn + "-missing");

        Assert.Equal(["env=dev", "team=orders"], tags.EnumerateArray().Select(t => t.GetProperty("Key").GetString() + "=" + t.GetProperty("Value").GetString()).ToArray());
        Assert.Contains("ResourceNotFound", unknown);
    }

    [Fact]
    public async Task Permissions_AddAndRemove_EditTheTopicPolicy_AndRefuseWhatAwsRefuses()
    {
        AwsCli.RequireInstalled();
        var arn = await TopicAsync("shared-topic");
        var before = (await PolicyAsync(arn)).GetProperty("Statement").GetArrayLength();

        await Aws.TextAsync("sns", "add-permission", "--topic-arn", arn, "--label", "partner", "--aws-account-id", "999999999999", "--action-name", "Publish", "Subscribe");
        var added = (await PolicyAsync(arn)).GetProperty("Statement").EnumerateArray().Single(s => s.GetProperty("Sid").GetString() == "partner");
        var twice = await Aws.FailAsync("sns", "add-permission", "--topic-arn", arn, "--label", "partner", "--aws-account-id", "999999999999", "--action-name", "Publish");
        var foreign = await Aws.FailAsync("sns", "add-permission", "--topic-arn", arn, "--label", "other", "--aws-account-id", "999999999999", "--action-name", "SendMessage");
        var missing = await Aws.FailAsync("sns", "add-permission", "--topic-arn", arn + "-missing", "--label", "other", "--aws-account-id", "999999999999", "--action-name", "Publish");
        await Aws.TextAsync("sns", "remove-permission", "--topic-arn", arn, "--label", "partner");
        var after = (await PolicyAsync(arn)).GetProperty("Statement").GetArrayLength();

        Assert.Equal("Allow", added.GetProperty("Effect").GetString());
        Assert.Equal("arn:aws:iam::999999999999:root", added.GetProperty("Principal").GetProperty("AWS").GetString());
        Assert.Equal(["SNS:Publish", "SNS:Subscribe"], added.GetProperty("Action").EnumerateArray().Select(a => a.GetString()!).ToArray());
        Assert.Equal(arn, added.GetProperty("Resource").GetString());
        Assert.Contains("Statement already exists", twice);
        Assert.Contains("Policy statement action out of service scope!", foreign);
        Assert.Contains("Topic does not exist", missing);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task DataProtectionPolicy_PutThenGet_RoundTrips_AndIsEmptyBefore()
    {
        AwsCli.RequireInstalled();
        var arn = await TopicAsync("guarded-topic");
        const string Policy = """{"Name":"guard","Description":"","Version":"2021-06-01","Statement":[]}""";

        var none = (await Aws.JsonAsync("sns", "get-data-protection-policy", "--resource-arn", arn)).TryGetProperty("DataProtectionPolicy", out var empty) ? empty.GetString() : "";
        var notJson = await Aws.FailAsync("sns", "put-data-protection-policy", "--resource-arn", arn, "--data-protection-policy", "not json");
        await Aws.TextAsync("sns", "put-data-protection-policy", "--resource-arn", arn, "--data-protection-policy", Policy);
        var kept = (await Aws.JsonAsync("sns", "get-data-protection-policy", "--resource-arn", arn)).GetProperty("DataProtectionPolicy").GetString();

        Assert.Equal("", none);
        Assert.Contains("InvalidParameter", notJson);
        Assert.Equal(Policy, kept);
    }

    [Fact]
    public async Task MobilePushAndSms_AreRefusedByName_WithTheReason()
    {
        AwsCli.RequireInstalled();

        var push = await Aws.FailAsync("sns", "create-platform-application", "--name", "app", "--platform", "GCM", "--attributes", "PlatformCredential=key");
        var sms = await Aws.FailAsync("sns", "get-sms-attributes");

        Assert.Contains("InvalidAction", push);
        Assert.Contains("CreatePlatformApplication is not served by the Sluice local cloud: mobile push", push);
        Assert.Contains("GetSMSAttributes is not served by the Sluice local cloud: SMS cannot be delivered from one machine", sms);
    }
}
