using System.Net;
using Sluice.Shared.Aws.CloudFormation;

namespace Sluice.Shared.Tests.Aws.CloudFormation;

/// <summary>The waiters poll until a terminal status, sleeping through the injected delay, and give up at their timeout.</summary>
public sealed class CloudFormationWaiterTests
{
    private static string Stack(string status) => $"""
        <DescribeStacksResponse><DescribeStacksResult><Stacks><member>
          <StackName>s</StackName><StackStatus>{status}</StackStatus><CreationTime>2026-11-26T12:00:00Z</CreationTime>
        </member></Stacks></DescribeStacksResult></DescribeStacksResponse>
        """;

    private static string ChangeSet(string status) => $"""
        <DescribeChangeSetResponse><DescribeChangeSetResult><ChangeSetName>c</ChangeSetName><Status>{status}</Status></DescribeChangeSetResult></DescribeChangeSetResponse>
        """;

    [Fact]
    public async Task WaitForStack_InProgressThenComplete_PollsAtTheIntervalAndReturnsIt()
    {
        var delays = new RecordedDelays();
        var handler = new RecordingHandler()
            .RespondXml(HttpStatusCode.OK, Stack("CREATE_IN_PROGRESS"))
            .RespondXml(HttpStatusCode.OK, Stack("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"))
            .RespondXml(HttpStatusCode.OK, Stack("UPDATE_COMPLETE"));
        var client = new CloudFormationClient(TestAws.Options(delays), TestAws.Http(handler));

        var stack = await client.WaitForStackAsync("s", TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken).Bounded();

        Assert.Equal("UPDATE_COMPLETE", stack?.StackStatus);
        Assert.Equal([TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)], delays.Delays);
    }

    [Fact]
    public async Task WaitForStack_ReviewInProgressOrGone_ReturnsAtOnce()
    {
        var handler = new RecordingHandler()
            .RespondXml(HttpStatusCode.OK, Stack("REVIEW_IN_PROGRESS"))
            .RespondXml(HttpStatusCode.BadRequest, "<ErrorResponse><Error><Code>ValidationError</Code><Message>Stack with id s does not exist</Message></Error></ErrorResponse>");
        var client = new CloudFormationClient(TestAws.Options(), TestAws.Http(handler));

        var review = await client.WaitForStackAsync("s", TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken).Bounded();
        var gone = await client.WaitForStackAsync("s", TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken).Bounded();

        Assert.Equal("REVIEW_IN_PROGRESS", review?.StackStatus);
        Assert.Null(gone);
    }

    [Fact]
    public async Task WaitForChangeSet_FailedIsTerminal_AndPendingPastTheTimeoutGivesUp()
    {
        var handler = new RecordingHandler()
            .RespondXml(HttpStatusCode.OK, ChangeSet("CREATE_PENDING"))
            .RespondXml(HttpStatusCode.OK, ChangeSet("FAILED"))
            .RespondXml(HttpStatusCode.OK, ChangeSet("CREATE_IN_PROGRESS"));
        var client = new CloudFormationClient(TestAws.Options(), TestAws.Http(handler));

        var failed = await client.WaitForChangeSetAsync("c", "s", TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken).Bounded();
        // The options' clock is fixed: a poll interval longer than the timeout cannot fit before the deadline.
        var error = await Assert.ThrowsAsync<TimeoutException>(
            () => client.WaitForChangeSetAsync("c", "s", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken).Bounded());

        Assert.Equal("FAILED", failed.Status);
        Assert.Contains("CREATE_IN_PROGRESS", error.Message, StringComparison.Ordinal);
    }
}
