using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.StepFunctions;

/// <summary>State machine tags through the AWS CLI: given at creation, added, removed and listed in key order.</summary>
public sealed class StepFunctionsTagsTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>
{
    private const string Role = "arn:aws:iam::000000000000:role/local";
    private const string Definition = """{"StartAt":"Done","States":{"Done":{"Type":"Succeed"}}}""";

    [Fact]
    public async Task Tags_OnCreateTagUntagList_AndUnknownOrReservedAreRefused()
    {
        AwsCli.RequireInstalled();
        var aws = new AwsCli(cloud.Endpoint);
        var arn = (await aws.JsonAsync("stepfunctions", "create-state-machine", "--name", "tagged-machine", "--definition", Definition, "--role-arn", Role,
            "--tags", "key=team,value=orders")).GetProperty("stateMachineArn").GetString()!;

        await aws.TextAsync("stepfunctions", "tag-resource", "--resource-arn", arn, "--tags", "key=env,value=dev", "key=cost,value=42");
        await aws.TextAsync("stepfunctions", "untag-resource", "--resource-arn", arn, "--tag-keys", "cost");
        var tags = (await aws.JsonAsync("stepfunctions", "list-tags-for-resource", "--resource-arn", arn)).GetProperty("tags");
        var unknown = await aws.FailAsync("stepfunctions", "list-tags-for-resource", "--resource-arn", arn + "-missing");
        var reserved = await aws.FailAsync("stepfunctions", "tag-resource", "--resource-arn", arn, "--tags", "key=aws:owner,value=me");

        Assert.Equal(["env=dev", "team=orders"], tags.EnumerateArray().Select(t => t.GetProperty("key").GetString() + "=" + t.GetProperty("value").GetString()).ToArray());
        Assert.Contains("ResourceNotFound", unknown);
        Assert.Contains("ValidationException", reserved);
    }
}
