using System.Text;
using Sluice.LocalCloud.CloudFormation.Template;
using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Kinesis;
using Sluice.LocalCloud.Sqs;

namespace Sluice.LocalCloud.Tests.CloudFormation.Template;

/// <summary>
/// The project's template keeps its event log, dead letters and failed batches when a staging or
/// production stack is deleted (DeletionPolicy Retain under AWS::LanguageExtensions), and deletes
/// them with a dev stack.
/// </summary>
public sealed class DataRetentionTests
{
    [Theory]
    [InlineData("staging", true)]
    [InlineData("prod", true)]
    [InlineData("dev", false)]
    public async Task DeleteStack_ProjectTemplate_KeepsTheDataOutsideDev(string stage, bool kept)
    {
        await using var host = LocalCloudHost.Create(new LocalCloudOptions { Port = 0 });
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var stackName = $"sluice-{stage}";
        var settings = new StackSettings { StackName = stackName, Parameters = new Dictionary<string, string> { ["StageName"] = stage } };
        var stack = await StackStartup.DeployAsync(host, new StackArguments(StackRig.ProjectTemplate, settings, WithoutLambda: true), null,
            TextWriter.Null, TextWriter.Null, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.NotNull(stack);
        var stream = host.Kinesis.Stream(stack.Outputs["OrderStreamName"], null);
        host.Kinesis.PutRecord(stream, new KinesisPutEntry(Encoding.UTF8.GetBytes("an order event"), "o-1", null));
        host.Sqs.SendMessage(stack.Outputs["WorkflowDeadLetterQueueUrl"], new SqsSendRequest("a dead letter"));
        var queues = new[] { "WorkflowDeadLetterQueueUrl", "RejectedDeadLetterQueueUrl", "IngestFailureQueueUrl" }.Select(o => stack.Outputs[o]).ToList();

        host.CloudFormation.DeleteStack(stackName);
        await host.CloudFormation.WaitAsync(host.CloudFormation.Stack(stackName).StackId).WaitAsync(TimeSpan.FromMinutes(2));

        var remainingQueues = host.Sqs.ListQueues(null);
        var remainingStreams = host.Kinesis.ListStreams().Select(s => s.Name).ToList();
        if (kept)
        {
            Assert.Contains(stream.Name, remainingStreams);
            Assert.All(queues, q => Assert.Contains(q, remainingQueues));
            Assert.Equal("1", host.Sqs.GetQueueAttributes(queues[0], ["ApproximateNumberOfMessages"])["ApproximateNumberOfMessages"]);
            var all = stream.Shards.Sum(s => host.Kinesis.GetRecords(host.Kinesis.GetShardIterator(stream, s.ShardId, "TRIM_HORIZON", null, null), 100).Records.Count);
            Assert.Equal(1, all);
            // The queues that only carry work in flight go with the stack.
            Assert.DoesNotContain(remainingQueues, q => q.EndsWith($"/{stackName}-workflow", StringComparison.Ordinal));
        }
        else
        {
            Assert.DoesNotContain(stream.Name, remainingStreams);
            Assert.All(queues, q => Assert.DoesNotContain(q, remainingQueues));
        }
    }
}
