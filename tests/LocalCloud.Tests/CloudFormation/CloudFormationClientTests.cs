using Amazon.Runtime;
using Amazon.SQS;
using Sluice.LocalCloud.Tests.Support;
using Sluice.Shared.Aws;
using Sluice.Shared.Aws.CloudFormation;

namespace Sluice.LocalCloud.Tests.CloudFormation;

/// <summary>
/// The project's own CloudFormation client (src/Shared/Aws/CloudFormation) against the local
/// cloud, through the calls a GitOps runner makes: a change set creates the stack, a second one
/// updates it, drift is detected after a change made behind CloudFormation's back, and the stack is deleted.
/// </summary>
public sealed class CloudFormationClientTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>, IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(50);

    private const string Template = """
        AWSTemplateFormatVersion: "2010-09-09"
        Parameters:
          Stage: {Type: String, Default: dev}
        Resources:
          Queue:
            Type: AWS::SQS::Queue
            Properties:
              QueueName: !Sub "${AWS::StackName}-${Stage}"
              VisibilityTimeout: VISIBILITY
        Outputs:
          QueueUrl:
            Value: !Ref Queue
        """;

    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    private CloudFormationClient Client() => new(new AwsClientOptions
    {
        Credentials = new AwsCredentials("test", "test"),
        Region = "us-east-1",
        EndpointUrl = new Uri(cloud.Endpoint),
    }, _http);

    [Fact]
    public async Task ChangeSetsDriftAndDelete_ThroughTheTypedClient()
    {
        var cfn = Client();
        var stack = "client-" + Guid.NewGuid().ToString("N")[..10];

        var created = await cfn.CreateChangeSetAsync(new CreateChangeSetRequest
        {
            StackName = stack,
            ChangeSetName = "first",
            ChangeSetType = "CREATE",
            TemplateBody = Template.Replace("VISIBILITY", "30", StringComparison.Ordinal),
            Parameters = [new("Stage", "test")],
            Tags = [new("owner", "tests")],
        }).WaitAsync(s_timeout);
        var first = await cfn.WaitForChangeSetAsync("first", stack, s_poll, s_timeout).WaitAsync(s_timeout);
        await cfn.ExecuteChangeSetAsync("first", stack).WaitAsync(s_timeout);
        var described = await cfn.WaitForStackAsync(stack, s_poll, s_timeout).WaitAsync(s_timeout);

        Assert.Equal(created.StackId, first.StackId);
        Assert.Equal(("CREATE_COMPLETE", "AVAILABLE"), (first.Status, first.ExecutionStatus));
        var add = Assert.Single(first.Changes);
        Assert.Equal(("Add", "Queue", "AWS::SQS::Queue"), (add.Action, add.LogicalResourceId, add.ResourceType));
        Assert.NotNull(described);
        Assert.Equal("CREATE_COMPLETE", described.StackStatus);
        Assert.Equal("test", Assert.Single(described.Parameters, p => p.Key == "Stage").Value);
        Assert.EndsWith($"/{stack}-test", described.OutputValues["QueueUrl"], StringComparison.Ordinal);
        Assert.Contains(new StackTag("owner", "tests"), described.Tags);

        var resources = await AllAsync(cfn.ListStackResourcesPagesAsync(stack));
        var queue = Assert.Single(resources);
        Assert.Equal(("Queue", "CREATE_COMPLETE", described.OutputValues["QueueUrl"]), (queue.LogicalResourceId, queue.ResourceStatus, queue.PhysicalResourceId));
        var events = await AllAsync(cfn.DescribeStackEventsPagesAsync(stack));
        Assert.Contains(events, e => e.LogicalResourceId == "Queue" && e.ResourceStatus == "CREATE_COMPLETE");
        Assert.Equal("CREATE_COMPLETE", events[0].ResourceStatus);
        Assert.Contains("VisibilityTimeout: 30", (await cfn.GetTemplateAsync(stack).WaitAsync(s_timeout)).TemplateBody, StringComparison.Ordinal);

        await cfn.CreateChangeSetAsync(new CreateChangeSetRequest
        {
            StackName = stack,
            ChangeSetName = "second",
            TemplateBody = Template.Replace("VISIBILITY", "45", StringComparison.Ordinal),
            Parameters = [new("Stage", null) { UsePreviousValue = true }],
        }).WaitAsync(s_timeout);
        var second = await cfn.WaitForChangeSetAsync("second", stack, s_poll, s_timeout).WaitAsync(s_timeout);
        var listed = await AllAsync(cfn.ListChangeSetsPagesAsync(stack));
        await cfn.ExecuteChangeSetAsync("second", stack).WaitAsync(s_timeout);
        var updated = await cfn.WaitForStackAsync(stack, s_poll, s_timeout).WaitAsync(s_timeout);

        var modify = Assert.Single(second.Changes);
        Assert.Equal(("Modify", "False"), (modify.Action, modify.Replacement));
        Assert.Contains(modify.Details, d => d.TargetName == "VisibilityTimeout");
        Assert.Contains(listed, c => c.ChangeSetName == "second" && c.ExecutionStatus == "AVAILABLE");
        Assert.Equal("UPDATE_COMPLETE", updated?.StackStatus);

        using (var sqs = new AmazonSQSClient(new BasicAWSCredentials("test", "test"), new AmazonSQSConfig { ServiceURL = cloud.Endpoint, AuthenticationRegion = "us-east-1" }))
        {
            await sqs.SetQueueAttributesAsync(updated!.OutputValues["QueueUrl"], new Dictionary<string, string> { ["VisibilityTimeout"] = "99" }).WaitAsync(s_timeout);
        }

        var detection = await cfn.DetectStackDriftAsync(stack).WaitAsync(s_timeout);
        var status = await cfn.WaitForDriftDetectionAsync(detection, s_poll, s_timeout).WaitAsync(s_timeout);

        var drifts = await AllAsync(cfn.DescribeStackResourceDriftsPagesAsync(stack, ["MODIFIED"]));
        Assert.Equal(("DETECTION_COMPLETE", "DRIFTED", 1), (status.DetectionStatus, status.StackDriftStatus, status.DriftedStackResourceCount));
        var drift = Assert.Single(drifts);
        Assert.Equal(("Queue", "MODIFIED"), (drift.LogicalResourceId, drift.StackResourceDriftStatus));
        Assert.Contains(drift.PropertyDifferences, d => d.PropertyPath == "/VisibilityTimeout" && d.ExpectedValue == "45" && d.ActualValue == "99" && d.DifferenceType == "NOT_EQUAL");

        await cfn.DeleteStackAsync(stack).WaitAsync(s_timeout);
        Assert.Null(await cfn.WaitForStackAsync(stack, s_poll, s_timeout).WaitAsync(s_timeout));
        var deleted = Assert.Single((await cfn.DescribeStacksAsync(created.StackId).WaitAsync(s_timeout)).Items);
        Assert.Equal("DELETE_COMPLETE", deleted.StackStatus);
    }

    [Fact]
    public async Task Errors_TypedAsAwsAnswersThem()
    {
        var cfn = Client();

        var missing = await Assert.ThrowsAsync<AwsServiceException>(() => cfn.DescribeStacksAsync("no-such-stack").WaitAsync(s_timeout));
        var noChangeSet = await Assert.ThrowsAsync<AwsServiceException>(() => cfn.DescribeChangeSetAsync("nope", "no-such-stack").WaitAsync(s_timeout));

        Assert.True(CloudFormationErrors.IsStackNotFound(missing), missing.Message);
        Assert.Null(await cfn.FindStackAsync("no-such-stack").WaitAsync(s_timeout));
        Assert.Equal(CloudFormationErrors.ChangeSetNotFound, noChangeSet.ErrorCode);
    }

    private static async Task<List<T>> AllAsync<T>(IAsyncEnumerable<Page<T>> pages)
    {
        var all = new List<T>();
        await foreach (var page in pages.WithCancellation(TestContext.Current.CancellationToken))
        {
            all.AddRange(page.Items);
        }

        return all;
    }
}
