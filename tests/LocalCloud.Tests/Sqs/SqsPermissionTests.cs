using System.Text.Json;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Sqs;

/// <summary>AddPermission, RemovePermission and ListDeadLetterSourceQueues through the AWS CLI, with AWS's policy documents and errors.</summary>
public sealed class SqsPermissionTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>
{
    private AwsCli Aws => new(cloud.Endpoint);

    private async Task<string> QueueAsync(string name) =>
        (await Aws.JsonAsync("sqs", "create-queue", "--queue-name", name)).GetProperty("QueueUrl").GetString()!;

    private async Task<string> ArnAsync(string url) =>
        (await Aws.JsonAsync("sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "QueueArn")).GetProperty("Attributes").GetProperty("QueueArn").GetString()!;

    [Fact]
    public async Task AddPermission_WritesAwsStatements_RemovePermissionTakesThemOut_AndBadInputGetsAwsErrors()
    {
        AwsCli.RequireInstalled();
        var url = await QueueAsync("shared-queue");
        var arn = await ArnAsync(url);

        await Aws.TextAsync("sqs", "add-permission", "--queue-url", url, "--label", "one", "--aws-account-ids", "111111111111", "--actions", "*");
        await Aws.TextAsync("sqs", "add-permission", "--queue-url", url, "--label", "two", "--aws-account-ids", "222222222222", "333333333333", "--actions", "SendMessage", "ReceiveMessage");
        var policy = JsonDocument.Parse((await Aws.JsonAsync("sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "Policy"))
            .GetProperty("Attributes").GetProperty("Policy").GetString()!).RootElement;
        var twice = await Aws.FailAsync("sqs", "add-permission", "--queue-url", url, "--label", "one", "--aws-account-ids", "111111111111", "--actions", "SendMessage");
        var ownerOnly = await Aws.FailAsync("sqs", "add-permission", "--queue-url", url, "--label", "three", "--aws-account-ids", "111111111111", "--actions", "DeleteQueue");
        var tooMany = await Aws.FailAsync("sqs", "add-permission", "--queue-url", url, "--label", "three", "--aws-account-ids", "111111111111",
            "--actions", "SendMessage", "ReceiveMessage", "DeleteMessage", "ChangeMessageVisibility", "GetQueueAttributes", "GetQueueUrl", "PurgeQueue", "ListDeadLetterSourceQueues");
        await Aws.TextAsync("sqs", "remove-permission", "--queue-url", url, "--label", "two");
        await Aws.TextAsync("sqs", "remove-permission", "--queue-url", url, "--label", "one");
        var unknown = await Aws.FailAsync("sqs", "remove-permission", "--queue-url", url, "--label", "one");
        var cleared = (await Aws.JsonAsync("sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "All")).GetProperty("Attributes");

        Assert.Equal("2012-10-17", policy.GetProperty("Version").GetString());
        Assert.Equal(arn + "/SQSDefaultPolicy", policy.GetProperty("Id").GetString());
        var statements = policy.GetProperty("Statement").EnumerateArray().ToList();
        Assert.Equal(["one", "two"], statements.Select(s => s.GetProperty("Sid").GetString()!).ToArray());
        Assert.Equal("arn:aws:iam::111111111111:root", statements[0].GetProperty("Principal").GetProperty("AWS").GetString());
        Assert.Equal("SQS:*", statements[0].GetProperty("Action").GetString());
        Assert.Equal(["arn:aws:iam::222222222222:root", "arn:aws:iam::333333333333:root"], statements[1].GetProperty("Principal").GetProperty("AWS").EnumerateArray().Select(p => p.GetString()!).ToArray());
        Assert.Equal(["SQS:SendMessage", "SQS:ReceiveMessage"], statements[1].GetProperty("Action").EnumerateArray().Select(p => p.GetString()!).ToArray());
        Assert.All(statements, s => Assert.Equal(arn, s.GetProperty("Resource").GetString()));
        Assert.Contains("Value one for parameter Label is invalid. Reason: Already exists.", twice);
        Assert.Contains("Only the queue owner is allowed to invoke this action.", ownerOnly);
        Assert.Contains("8 Actions were found, maximum allowed is 7.", tooMany);
        Assert.Contains("Value one for parameter Label is invalid. Reason: can't find label on existing policy.", unknown);
        Assert.False(cleared.TryGetProperty("Policy", out _));
    }

    [Fact]
    public async Task ListDeadLetterSourceQueues_NamesTheQueuesRedrivingToIt_WithPaging()
    {
        AwsCli.RequireInstalled();
        var dlq = await QueueAsync("dead-letters");
        var dlqArn = await ArnAsync(dlq);
        var redrive = JsonSerializer.Serialize(new Dictionary<string, string> { ["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{dlqArn}}","maxReceiveCount":"3"}""" });
        foreach (var name in (string[])["source-b", "source-a", "unrelated"])
        {
            var url = await QueueAsync(name);
            if (name != "unrelated")
            {
                await Aws.TextAsync("sqs", "set-queue-attributes", "--queue-url", url, "--attributes", redrive);
            }
        }

        var all = (await Aws.JsonAsync("sqs", "list-dead-letter-source-queues", "--queue-url", dlq)).GetProperty("queueUrls");
        var first = await Aws.JsonAsync("sqs", "list-dead-letter-source-queues", "--queue-url", dlq, "--max-results", "1", "--no-paginate");

        Assert.Equal(["source-a", "source-b"], all.EnumerateArray().Select(u => u.GetString()!.Split('/')[^1]).ToArray());
        Assert.Single(first.GetProperty("queueUrls").EnumerateArray());
        Assert.True(first.TryGetProperty("NextToken", out _));
    }
}
