using System.Text.Json;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Sqs;

/// <summary>StartMessageMoveTask, ListMessageMoveTasks and CancelMessageMoveTask through the AWS CLI.</summary>
public sealed class SqsMoveTaskTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>
{
    [Fact]
    public async Task MoveTask_ReturnsDeadLetteredMessagesToTheirSource_AndRefusesAQueueThatIsNoDeadLetterQueue()
    {
        var aws = AwsCli.Supporting(cloud.Endpoint, "sqs", "list-message-move-tasks");
        async Task<string> QueueAsync(string name) => (await aws.JsonAsync("sqs", "create-queue", "--queue-name", name)).GetProperty("QueueUrl").GetString()!;
        async Task<string> ArnAsync(string url) =>
            (await aws.JsonAsync("sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "QueueArn")).GetProperty("Attributes").GetProperty("QueueArn").GetString()!;
        var dlq = await QueueAsync("move-dlq");
        var dlqArn = await ArnAsync(dlq);
        var source = await QueueAsync("move-source");
        var sourceArn = await ArnAsync(source);
        var redrive = JsonSerializer.Serialize(new Dictionary<string, string> { ["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{dlqArn}}","maxReceiveCount":"1"}""" });
        await aws.TextAsync("sqs", "set-queue-attributes", "--queue-url", source, "--attributes", redrive);
        await aws.TextAsync("sqs", "send-message", "--queue-url", source, "--message-body", "one");
        await aws.TextAsync("sqs", "send-message", "--queue-url", source, "--message-body", "two");
        // Received once with no visibility timeout, the next receive moves both to the dead-letter queue.
        await aws.TextAsync("sqs", "receive-message", "--queue-url", source, "--max-number-of-messages", "10", "--visibility-timeout", "0");
        await aws.TextAsync("sqs", "receive-message", "--queue-url", source, "--max-number-of-messages", "10", "--visibility-timeout", "0");

        var notDlq = await aws.FailAsync("sqs", "start-message-move-task", "--source-arn", sourceArn);
        var handle = (await aws.JsonAsync("sqs", "start-message-move-task", "--source-arn", dlqArn)).GetProperty("TaskHandle").GetString();
        JsonElement? done = null;
        await Poll.UntilAsync(async () =>
        {
            var task = (await aws.JsonAsync("sqs", "list-message-move-tasks", "--source-arn", dlqArn)).GetProperty("Results")[0];
            done = task;
            return task.GetProperty("Status").GetString() == "COMPLETED";
        }, () => "the move task to complete: " + done);
        async Task<string> CountAsync(string url) => (await aws.JsonAsync("sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "ApproximateNumberOfMessages"))
            .GetProperty("Attributes").GetProperty("ApproximateNumberOfMessages").GetString()!;

        Assert.False(string.IsNullOrEmpty(handle));
        Assert.Contains("Source queue must be configured as a Dead Letter Queue.", notDlq);
        Assert.Equal(2, done!.Value.GetProperty("ApproximateNumberOfMessagesMoved").GetInt64());
        Assert.Equal(2, done.Value.GetProperty("ApproximateNumberOfMessagesToMove").GetInt64());
        Assert.Equal(dlqArn, done.Value.GetProperty("SourceArn").GetString());
        Assert.False(done.Value.TryGetProperty("TaskHandle", out _));
        Assert.Equal("2", await CountAsync(source));
        Assert.Equal("0", await CountAsync(dlq));
        Assert.Contains("Task does not exist.", await aws.FailAsync("sqs", "cancel-message-move-task", "--task-handle", "bm90LWEtdGFzaw=="));
    }
}
