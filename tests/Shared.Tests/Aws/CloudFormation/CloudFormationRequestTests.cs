using System.Net;
using Sluice.Shared.Aws;
using Sluice.Shared.Aws.CloudFormation;

namespace Sluice.Shared.Tests.Aws.CloudFormation;

/// <summary>What the client sends (the form botocore would send for the same call), its errors, and its pages.</summary>
public sealed class CloudFormationRequestTests
{
    private const string Empty = """<{0}Response xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><{0}Result/><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></{0}Response>""";

    [Fact]
    public async Task CreateChangeSet_EveryParameter_SendsTheFormBotocoreSends()
    {
        var handler = new RecordingHandler().RespondXml(HttpStatusCode.OK,
            "<CreateChangeSetResponse><CreateChangeSetResult><Id>arn:cs</Id><StackId>arn:st</StackId></CreateChangeSetResult></CreateChangeSetResponse>");
        var client = new CloudFormationClient(TestAws.Options(), TestAws.Http(handler));

        await client.CreateChangeSetAsync(new CreateChangeSetRequest
        {
            StackName = "sluice-dev",
            ChangeSetName = "rev-abc123",
            ChangeSetType = "CREATE",
            TemplateBody = "Resources: {Q: {Type: 'AWS::SQS::Queue'}} # é & =",
            Parameters = [new("StageName", "dev"), new("Arch", null) { UsePreviousValue = true }],
            Capabilities = ["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"],
            Tags = [new("git-sha", "abc123"), new("stage", "dev")],
            NotificationArns = ["arn:aws:sns:eu-west-1:123456789012:deploys"],
            RoleArn = "arn:aws:iam::123456789012:role/deployer",
            Description = "rev abc123",
            ClientToken = "tok-1",
            IncludeNestedStacks = false,
            OnStackFailure = "DELETE",
        }, TestContext.Current.CancellationToken).Bounded();

        var expected = await BotocoreQueryModel.RequestAsync("cloudformation", "CreateChangeSet", """
            {"StackName":"sluice-dev","ChangeSetName":"rev-abc123","ChangeSetType":"CREATE",
             "TemplateBody":"Resources: {Q: {Type: 'AWS::SQS::Queue'}} # é & =",
             "Parameters":[{"ParameterKey":"StageName","ParameterValue":"dev"},{"ParameterKey":"Arch","UsePreviousValue":true}],
             "Capabilities":["CAPABILITY_IAM","CAPABILITY_AUTO_EXPAND"],
             "Tags":[{"Key":"git-sha","Value":"abc123"},{"Key":"stage","Value":"dev"}],
             "NotificationARNs":["arn:aws:sns:eu-west-1:123456789012:deploys"],
             "RoleARN":"arn:aws:iam::123456789012:role/deployer","Description":"rev abc123","ClientToken":"tok-1",
             "IncludeNestedStacks":false,"OnStackFailure":"DELETE"}
            """);
        Assert.Equal(Sorted(expected), Sorted(handler.Requests[0].Form()));
        Assert.Equal("https://cloudformation.eu-west-1.amazonaws.com/", handler.Requests[0].Uri.ToString());
        Assert.Contains("/eu-west-1/cloudformation/aws4_request", handler.Requests[0].Header("Authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListsAndFilters_SendTheFormsBotocoreSends()
    {
        var handler = new RecordingHandler()
            .RespondXml(HttpStatusCode.OK, string.Format(System.Globalization.CultureInfo.InvariantCulture, Empty, "DeleteStack"))
            .RespondXml(HttpStatusCode.OK, "<DetectStackDriftResponse><DetectStackDriftResult><StackDriftDetectionId>d-1</StackDriftDetectionId></DetectStackDriftResult></DetectStackDriftResponse>")
            .RespondXml(HttpStatusCode.OK, "<DescribeStackResourceDriftsResponse><DescribeStackResourceDriftsResult><StackResourceDrifts/></DescribeStackResourceDriftsResult></DescribeStackResourceDriftsResponse>")
            .RespondXml(HttpStatusCode.OK, string.Format(System.Globalization.CultureInfo.InvariantCulture, Empty, "ExecuteChangeSet"));
        var client = new CloudFormationClient(TestAws.Options(), TestAws.Http(handler));
        var ct = TestContext.Current.CancellationToken;

        await client.DeleteStackAsync("s", ["Bucket", "Table"], "arn:aws:iam::123456789012:role/deployer", "tok", ct).Bounded();
        await client.DetectStackDriftAsync("s", ["Queue", "Topic"], ct).Bounded();
        await client.DescribeStackResourceDriftsAsync("s", ["MODIFIED", "DELETED"], "next", 50, ct).Bounded();
        await client.ExecuteChangeSetAsync("rev-1", "s", "tok-2", disableRollback: true, cancellationToken: ct).Bounded();

        Assert.Equal(Sorted(await BotocoreQueryModel.RequestAsync("cloudformation", "DeleteStack",
            """{"StackName":"s","RetainResources":["Bucket","Table"],"RoleARN":"arn:aws:iam::123456789012:role/deployer","ClientRequestToken":"tok"}""")), Sorted(handler.Requests[0].Form()));
        Assert.Equal(Sorted(await BotocoreQueryModel.RequestAsync("cloudformation", "DetectStackDrift",
            """{"StackName":"s","LogicalResourceIds":["Queue","Topic"]}""")), Sorted(handler.Requests[1].Form()));
        Assert.Equal(Sorted(await BotocoreQueryModel.RequestAsync("cloudformation", "DescribeStackResourceDrifts",
            """{"StackName":"s","StackResourceDriftStatusFilters":["MODIFIED","DELETED"],"NextToken":"next","MaxResults":50}""")), Sorted(handler.Requests[2].Form()));
        Assert.Equal(Sorted(await BotocoreQueryModel.RequestAsync("cloudformation", "ExecuteChangeSet",
            """{"ChangeSetName":"rev-1","StackName":"s","ClientRequestToken":"tok-2","DisableRollback":true}""")), Sorted(handler.Requests[3].Form()));
    }

    [Fact]
    public async Task DescribeStacks_StackNotFound_TypedErrorAndFindStackReturnsNull()
    {
        // The answer AWS gives for a stack that does not exist (400, query error document).
        const string NotFound = """
            <ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
              <Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id gone does not exist</Message></Error>
              <RequestId>9b0c6a1e-1111-2222-3333-444455556666</RequestId>
            </ErrorResponse>
            """;
        var handler = new RecordingHandler().RespondXml(HttpStatusCode.BadRequest, NotFound).RespondXml(HttpStatusCode.BadRequest, NotFound);
        var client = new CloudFormationClient(TestAws.Options(), TestAws.Http(handler));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.DescribeStacksAsync("gone", cancellationToken: TestContext.Current.CancellationToken).Bounded());
        var found = await client.FindStackAsync("gone", TestContext.Current.CancellationToken).Bounded();

        Assert.Equal(CloudFormationErrors.ValidationError, error.ErrorCode);
        Assert.Equal("Stack with id gone does not exist", error.ServiceMessage);
        Assert.Equal("9b0c6a1e-1111-2222-3333-444455556666", error.RequestId);
        Assert.True(CloudFormationErrors.IsStackNotFound(error));
        Assert.False(error.IsRetryable);
        Assert.Null(found);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task FindStack_OtherValidationError_IsNotSwallowed()
    {
        var handler = new RecordingHandler().RespondXml(HttpStatusCode.BadRequest,
            "<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>1 validation error detected: Value 'a b' at 'stackName' failed to satisfy constraint</Message></Error></ErrorResponse>");
        var client = new CloudFormationClient(TestAws.Options(), TestAws.Http(handler));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.FindStackAsync("a b", TestContext.Current.CancellationToken).Bounded());

        Assert.False(CloudFormationErrors.IsStackNotFound(error));
    }

    [Fact]
    public async Task ExecuteChangeSet_NotAvailable_TypedErrorWithoutRetry()
    {
        var handler = new RecordingHandler().RespondXml(HttpStatusCode.BadRequest,
            "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidChangeSetStatus</Code><Message>ChangeSet [arn:cs] cannot be executed in its current status of [CREATE_PENDING]</Message></Error></ErrorResponse>");
        var client = new CloudFormationClient(TestAws.Options(), TestAws.Http(handler));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.ExecuteChangeSetAsync("arn:cs", cancellationToken: TestContext.Current.CancellationToken).Bounded());

        Assert.Equal(CloudFormationErrors.InvalidChangeSetStatus, error.ErrorCode);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task DescribeStackEventsPages_FollowsNextTokenToTheLastPage()
    {
        static string Page(string id, string? next) => $"""
            <DescribeStackEventsResponse><DescribeStackEventsResult><StackEvents><member>
              <EventId>{id}</EventId><StackId>arn:st</StackId><StackName>s</StackName><Timestamp>2026-11-26T12:00:00Z</Timestamp>
            </member></StackEvents>{(next is null ? "" : $"<NextToken>{next}</NextToken>")}</DescribeStackEventsResult></DescribeStackEventsResponse>
            """;
        var handler = new RecordingHandler().RespondXml(HttpStatusCode.OK, Page("e-2", "t1")).RespondXml(HttpStatusCode.OK, Page("e-1", null));
        var client = new CloudFormationClient(TestAws.Options(), TestAws.Http(handler));

        var ids = new List<string>();
        await foreach (var page in client.DescribeStackEventsPagesAsync("s", TestContext.Current.CancellationToken))
        {
            ids.AddRange(page.Items.Select(e => e.EventId));
        }

        Assert.Equal(["e-2", "e-1"], ids);
        Assert.DoesNotContain(handler.Requests[0].Form(), f => f.Key == "NextToken");
        Assert.Contains(new KeyValuePair<string, string>("NextToken", "t1"), handler.Requests[1].Form());
    }

    [Fact]
    public void CreateChangeSet_NoTemplateOrTwo_RefusedBeforeSending()
    {
        var client = new CloudFormationClient(TestAws.Options(), TestAws.Http(new RecordingHandler()));

        Assert.Throws<ArgumentException>(() => client.CreateChangeSetAsync(new CreateChangeSetRequest { StackName = "s", ChangeSetName = "c" }).GetAwaiter().GetResult());
        Assert.Throws<ArgumentException>(() => client.CreateChangeSetAsync(
            new CreateChangeSetRequest { StackName = "s", ChangeSetName = "c", TemplateBody = "{}", TemplateUrl = "https://b.s3.amazonaws.com/t" }).GetAwaiter().GetResult());
    }

    private static List<KeyValuePair<string, string>> Sorted(IEnumerable<KeyValuePair<string, string>> form) =>
        [.. form.OrderBy(f => f.Key, StringComparer.Ordinal)];
}
