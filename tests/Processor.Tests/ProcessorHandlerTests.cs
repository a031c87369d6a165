using Microsoft.Extensions.Time.Testing;
using Sluice.Shared.Aws;
using Sluice.Shared.Events;

namespace Sluice.Processor.Tests;

public sealed class ProcessorHandlerTests
{
    private readonly FakeTimeProvider _clock = new(TestClock.Start);
    private readonly RecordingStarter _starter = new();
    private readonly CapturedOutput _output;
    private readonly ProcessorHandler _handler;

    public ProcessorHandlerTests()
    {
        _output = new CapturedOutput(_clock);
        _handler = new ProcessorHandler(_starter, _output.Logger, _output.Metrics);
    }

    internal static string OrderPlaced(string eventId, string orderId = "ord-1") =>
        $$$"""{"specversion":"1.0","id":"{{{eventId}}}","source":"sluice/test","type":"order.placed","subject":"{{{orderId}}}","data":{"orderId":"{{{orderId}}}"}}""";

    internal static SqsMessage Message(string messageId, string body) => new(
        messageId,
        $"handle-{messageId}",
        body,
        new Dictionary<string, string> { ["ApproximateReceiveCount"] = "1", ["SentTimestamp"] = "1764158400000" },
        new Dictionary<string, SqsMessageAttribute>(),
        "md5",
        "aws:sqs",
        "arn:aws:sqs:us-east-1:000000000000:sluice-workflow",
        "us-east-1");

    [Fact]
    public async Task HandleAsync_OrderPlaced_StartsExecutionNamedAfterEventWithEventAsInput()
    {
        var body = OrderPlaced("evt-1");

        var response = await HandleAsync(Message("m1", body));

        Assert.Empty(response.BatchItemFailures);
        var start = Assert.Single(_starter.Starts);
        Assert.Equal("evt-1", start.Name);
        Assert.Equal(body, start.Input);
        Assert.Equal(1, _output.MetricTotalsAfterFlush()["ExecutionsStarted"]);
    }

    [Fact]
    public async Task HandleAsync_DuplicateDelivery_IsSuccessCountedAsDuplicate()
    {
        var response = await HandleAsync(Message("m1", OrderPlaced("evt-1")), Message("m2", OrderPlaced("evt-1")));

        Assert.Empty(response.BatchItemFailures);
        var metrics = _output.MetricTotalsAfterFlush();
        Assert.Equal(1, metrics["ExecutionsStarted"]);
        Assert.Equal(1, metrics["DuplicateStarts"]);
        Assert.Contains(_output.Logs, l => l.GetProperty("message").GetString()!.Contains("duplicate delivery of event evt-1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ThrottlingException", 400)]
    [InlineData("ServiceUnavailable", 503)]
    [InlineData("StateMachineDoesNotExist", 400)]
    public async Task HandleAsync_StartFails_OnlyThatMessageIsAnItemFailure(string code, int status)
    {
        _starter.FailWith = name => name == "evt-2" ? new AwsServiceException(code, "no", (System.Net.HttpStatusCode)status, "rid") : null;

        var response = await HandleAsync(Message("m1", OrderPlaced("evt-1")), Message("m2", OrderPlaced("evt-2")), Message("m3", OrderPlaced("evt-3")));

        Assert.Equal("m2", Assert.Single(response.BatchItemFailures).ItemIdentifier);
        Assert.Equal(3, _starter.Starts.Count);
        Assert.Equal(1, _output.MetricTotalsAfterFlush()["StartFailures"]);
    }

    [Fact]
    public async Task HandleAsync_NetworkFailure_IsAnItemFailure()
    {
        _starter.FailWith = _ => new HttpRequestException("connection refused");

        var response = await HandleAsync(Message("m1", OrderPlaced("evt-1")));

        Assert.Equal("m1", Assert.Single(response.BatchItemFailures).ItemIdentifier);
    }

    [Theory]
    [InlineData("not json", "record is not valid JSON")]
    [InlineData("""{"specversion":"1.0","id":"x","source":"s","type":"sluice.ingest.rejected","data":{}}""", "carries a sluice.ingest.rejected event")]
    public async Task HandleAsync_UnusableMessage_IsAnItemFailureWithReasonLogged(string body, string reason)
    {
        var response = await HandleAsync(Message("bad", body), Message("good", OrderPlaced("evt-1")));

        Assert.Equal("bad", Assert.Single(response.BatchItemFailures).ItemIdentifier);
        Assert.Single(_starter.Starts);
        Assert.Contains(_output.Logs, l => l.GetProperty("level").GetString() == "Error" && l.GetProperty("message").GetString()!.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task HandleAsync_EventIdNotAValidName_UsesSanitisedNameWithHash()
    {
        await HandleAsync(Message("m1", OrderPlaced("urn:order/1 placed")));

        var name = Assert.Single(_starter.Starts).Name;
        Assert.Matches("^urn_order_1_placed-[0-9a-f]{8}$", name);
    }

    [Fact]
    public async Task HandleAsync_LittleTimeLeft_HandsBackTheMessages()
    {
        var response = await _handler.HandleAsync(new SqsEvent([Message("m1", OrderPlaced("e1"))]), _output.Context(_clock, TimeSpan.FromSeconds(1)), CancellationToken.None);

        Assert.Equal("m1", Assert.Single(response.BatchItemFailures).ItemIdentifier);
        Assert.Empty(_starter.Starts);
    }

    private Task<BatchResponse> HandleAsync(params SqsMessage[] messages) =>
        _handler.HandleAsync(new SqsEvent(messages), _output.Context(_clock, TimeSpan.FromSeconds(30)), CancellationToken.None);
}
