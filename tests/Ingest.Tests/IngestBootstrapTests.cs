using System.Text;
using System.Text.Json;
using System.Web;
using Sluice.Shared.Events;

namespace Sluice.Ingest.Tests;

/// <summary>The published native AOT binary, run as Lambda runs it, against a real Runtime API and a fake SNS.</summary>
public sealed class IngestBootstrapTests : IAsyncLifetime
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);
    private FakeRuntimeApi _api = null!;
    private string _bootstrap = null!;

    public async ValueTask InitializeAsync()
    {
        _api = await FakeRuntimeApi.StartAsync();
        _bootstrap = await FunctionPublisher.PublishAsync("Ingest").WaitAsync(TimeSpan.FromMinutes(10));
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    internal static AwsAnswer PublishBatchAnswer(RecordedAwsRequest request)
    {
        var form = HttpUtility.ParseQueryString(request.Body);
        var members = new StringBuilder();
        for (var i = 1; form[$"PublishBatchRequestEntries.member.{i}.Id"] is { } id; i++)
        {
            members.Append($"<member><Id>{id}</Id><MessageId>{Guid.NewGuid()}</MessageId></member>");
        }

        return new AwsAnswer(200, "text/xml", $"""<PublishBatchResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishBatchResult><Successful>{members}</Successful><Failed/></PublishBatchResult><ResponseMetadata><RequestId>{Guid.NewGuid()}</RequestId></ResponseMetadata></PublishBatchResponse>""");
    }

    [Fact]
    public async Task Bootstrap_KinesisBatch_PublishesSignedPublishBatchAndReturnsSuccess()
    {
        _api.AwsHandler = PublishBatchAnswer;
        using var function = FunctionProcess.Start(_bootstrap, FunctionProcess.LambdaEnvironment(_api, "ingest", ("TOPIC_ARN", "arn:aws:sns:us-east-1:000000000000:sluice-orders"), ("OUTCOME_KEY_ID", "alias/sluice-outcomes")));
        var kinesisEvent = new KinesisEvent([
            KinesisEvents.Record(0, "ord-1", KinesisEvents.OrderPlaced("ord-1", "evt-1")),
            KinesisEvents.Record(1, "ord-2", "garbage"),
        ]);
        _api.Enqueue("req-1", JsonSerializer.SerializeToUtf8Bytes(kinesisEvent, EventsJsonContext.Default.KinesisEvent));

        var result = await _api.ResultAsync("req-1", s_timeout);

        Assert.False(result.IsError, result.Body);
        Assert.Equal("""{"batchItemFailures":[]}""", result.Body);
        var call = Assert.Single(_api.AwsRequests);
        var form = HttpUtility.ParseQueryString(call.Body);
        Assert.Equal("PublishBatch", form["Action"]);
        Assert.Equal("arn:aws:sns:us-east-1:000000000000:sluice-orders", form["TopicArn"]);
        Assert.Equal("order.placed", Attribute(form, 1, "type"));
        Assert.Equal("ord-1", Attribute(form, 1, "subject"));
        Assert.Contains("sluice.ingest.rejected", form["PublishBatchRequestEntries.member.2.Message"], StringComparison.Ordinal);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", call.Authorization, StringComparison.Ordinal);
        Assert.Contains("/us-east-1/sns/aws4_request", call.Authorization, StringComparison.Ordinal);
        await AssertLogsAreJsonAsync(function);
    }

    [Fact]
    public async Task Bootstrap_SnsUnavailable_ReportsFirstSequenceNumberAfterRetries()
    {
        _api.AwsHandler = static _ => new AwsAnswer(503, "text/xml", "<ErrorResponse><Error><Type>Receiver</Type><Code>ServiceUnavailable</Code><Message>down</Message></Error><RequestId>r</RequestId></ErrorResponse>");
        using var function = FunctionProcess.Start(_bootstrap, FunctionProcess.LambdaEnvironment(_api, "ingest", ("TOPIC_ARN", "arn:aws:sns:us-east-1:000000000000:sluice-orders"), ("OUTCOME_KEY_ID", "alias/sluice-outcomes")));
        _api.Enqueue("req-2", JsonSerializer.SerializeToUtf8Bytes(KinesisEvents.Orders(3), EventsJsonContext.Default.KinesisEvent));

        var result = await _api.ResultAsync("req-2", s_timeout);

        Assert.False(result.IsError, result.Body);
        Assert.Equal($$"""{"batchItemFailures":[{"itemIdentifier":"{{KinesisEvents.Sequence(0)}}"}]}""", result.Body);
        Assert.Equal(3, _api.AwsRequests.Count);
    }

    [Fact]
    public async Task Bootstrap_EventNotKinesis_ReportsInvalidEventAndKeepsServing()
    {
        _api.AwsHandler = PublishBatchAnswer;
        using var function = FunctionProcess.Start(_bootstrap, FunctionProcess.LambdaEnvironment(_api, "ingest", ("TOPIC_ARN", "arn:aws:sns:us-east-1:000000000000:t"), ("OUTCOME_KEY_ID", "alias/sluice-outcomes")));
        _api.Enqueue("bad", "[1,2,3]"u8.ToArray());
        _api.Enqueue("good", JsonSerializer.SerializeToUtf8Bytes(KinesisEvents.Orders(1), EventsJsonContext.Default.KinesisEvent));

        var bad = await _api.ResultAsync("bad", s_timeout);
        var good = await _api.ResultAsync("good", s_timeout);

        Assert.True(bad.IsError);
        Assert.Equal("InvalidEvent", bad.ErrorTypeHeader);
        Assert.Contains("\"errorType\":\"InvalidEvent\"", bad.Body, StringComparison.Ordinal);
        Assert.False(good.IsError);
    }

    [Fact]
    public async Task Bootstrap_TopicArnMissing_PostsInitErrorAndExits()
    {
        using var function = FunctionProcess.Start(_bootstrap, FunctionProcess.LambdaEnvironment(_api, "ingest", ("OUTCOME_KEY_ID", "alias/sluice-outcomes")));

        var initError = await _api.InitErrorAsync(s_timeout);
        var exitCode = await function.WaitForExitAsync(s_timeout);

        Assert.Contains("TOPIC_ARN", initError.Body, StringComparison.Ordinal);
        Assert.Equal("InvalidOperationException", initError.ErrorTypeHeader);
        Assert.NotEqual(0, exitCode);
    }

    [Fact]
    public void Bootstrap_NeedsNoGlibcNewerThan234()
    {
        var newest = GlibcRequirement.NewestRequired(_bootstrap);

        Assert.NotNull(newest);
        Assert.True(newest <= new Version(2, 34), $"bootstrap needs GLIBC_{newest}; Amazon Linux 2023 has 2.34");
    }

    private static string? Attribute(System.Collections.Specialized.NameValueCollection form, int member, string name)
    {
        var prefix = $"PublishBatchRequestEntries.member.{member}.MessageAttributes.entry.";
        for (var i = 1; form[$"{prefix}{i}.Name"] is { } n; i++)
        {
            if (n == name)
            {
                Assert.Equal("String", form[$"{prefix}{i}.Value.DataType"]);
                return form[$"{prefix}{i}.Value.StringValue"];
            }
        }

        return null;
    }

    private static async Task AssertLogsAreJsonAsync(FunctionProcess function)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!function.Output.Any(l => l.Contains("\"function_request_id\":\"req-1\"", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.NotEmpty(function.Output);
        foreach (var line in function.Output)
        {
            using var doc = JsonDocument.Parse(line);
            Assert.True(doc.RootElement.TryGetProperty("_aws", out _) || doc.RootElement.TryGetProperty("level", out _), line);
        }

        Assert.Contains(function.Output, l => l.Contains("\"cold_start\":true", StringComparison.Ordinal) && l.Contains("\"service\":\"ingest\"", StringComparison.Ordinal));
        Assert.Contains(function.Output, l => l.Contains("\"RecordsRejected\":1", StringComparison.Ordinal));
    }
}
