using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Sluice.Shared.Aws;
using Sluice.Shared.Domain;
using Sluice.Shared.Events;

namespace Sluice.Processor.Tests;

public sealed class ProcessorHandlerTests
{
    private readonly FakeTimeProvider _clock = new(TestClock.Start);
    private readonly RecordingStarter _starter = new();
    private readonly RecordingRejectedQueue _rejected = new();
    private readonly CapturedOutput _output;
    private readonly ProcessorHandler _handler;

    public ProcessorHandlerTests()
    {
        _output = new CapturedOutput(_clock);
        _handler = new ProcessorHandler(_starter, _rejected, _output.Logger, _output.Metrics, _clock);
    }

    internal static string OrderPlaced(string eventId, string orderId = "ord-1", string source = "sluice/test") =>
        $$$"""{"specversion":"1.0","id":"{{{eventId}}}","source":"{{{source}}}","type":"order.placed","subject":"{{{orderId}}}","data":{"orderId":"{{{orderId}}}"}}""";

    internal static string NameOf(string eventId, string source = "sluice/test") => ExecutionName.For(source, eventId);

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
        Assert.Equal(NameOf("evt-1"), start.Name);
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
        _starter.FailWith = name => name == NameOf("evt-2") ? new AwsServiceException(code, "no", (System.Net.HttpStatusCode)status, "rid") : null;

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
    public async Task HandleAsync_EventIdNotAValidName_UsesSanitisedPrefixAndFullHash()
    {
        await HandleAsync(Message("m1", OrderPlaced("urn:order/1 placed")));

        var name = Assert.Single(_starter.Starts).Name;
        Assert.Matches("^urn_order_1_placed-[a-z2-7]{52}$", name);
    }

    [Fact]
    public async Task HandleAsync_SameIdFromAnotherSource_IsAnotherEventWithItsOwnExecution()
    {
        var response = await HandleAsync(Message("m1", OrderPlaced("evt-1", "ord-1", "shop/eu")), Message("m2", OrderPlaced("evt-1", "ord-2", "shop/us")));

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal([NameOf("evt-1", "shop/eu"), NameOf("evt-1", "shop/us")], _starter.Starts.Select(s => s.Name));
        Assert.Equal(2, _output.MetricTotalsAfterFlush()["ExecutionsStarted"]);
        Assert.Empty(_rejected.Sent);
    }

    [Fact]
    public async Task HandleAsync_SameIdentityDifferentContent_ConflictGoesToTheRejectedQueueWithTheReason()
    {
        var first = OrderPlaced("evt-1", "ord-1");
        var second = OrderPlaced("evt-1", "ord-2");

        var response = await HandleAsync(Message("m1", first), Message("m2", second));

        Assert.Empty(response.BatchItemFailures);
        var sent = Assert.Single(_rejected.Sent);
        Assert.Equal("sluice.processor.rejected", sent.Type);
        Assert.Equal("ord-2", sent.Subject);
        using var rejected = JsonDocument.Parse(sent.Json);
        var root = rejected.RootElement;
        Assert.Equal("sluice.processor.rejected", root.GetProperty("type").GetString());
        Assert.Equal("sluice/processor", root.GetProperty("source").GetString());
        var data = root.GetProperty("data");
        Assert.Contains("already started execution", data.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("ord-2", data.GetProperty("partitionKey").GetString());
        Assert.Equal("evt-1", data.GetProperty("eventId").GetString());
        Assert.Equal("sluice/test", data.GetProperty("eventSource").GetString());
        Assert.EndsWith(":" + NameOf("evt-1"), data.GetProperty("executionArn").GetString(), StringComparison.Ordinal);
        Assert.Equal(second, Encoding.UTF8.GetString(data.GetProperty("rawData").GetBytesFromBase64()));
        var metrics = _output.MetricTotalsAfterFlush();
        Assert.Equal(1, metrics["ExecutionsStarted"]);
        Assert.Equal(1, metrics["Conflicts"]);
        Assert.Equal(0, metrics["DuplicateStarts"]);
    }

    [Fact]
    public async Task HandleAsync_SameEventWithMembersReordered_IsADuplicateNotAConflict()
    {
        const string Reordered = """{"type":"order.placed","id":"evt-1","specversion":"1.0","subject":"ord-1","source":"sluice/test","data":{"orderId":"ord-1"}}""";

        var response = await HandleAsync(Message("m1", OrderPlaced("evt-1")), Message("m2", Reordered));

        Assert.Empty(response.BatchItemFailures);
        Assert.Empty(_rejected.Sent);
        Assert.Equal(1, _output.MetricTotalsAfterFlush()["DuplicateStarts"]);
    }

    [Fact]
    public async Task HandleAsync_ConflictButRejectedQueueDown_IsAnItemFailureSoNothingIsLost()
    {
        _rejected.FailWith = new HttpRequestException("connection refused");

        var response = await HandleAsync(Message("m1", OrderPlaced("evt-1", "ord-1")), Message("m2", OrderPlaced("evt-1", "ord-2")));

        Assert.Equal("m2", Assert.Single(response.BatchItemFailures).ItemIdentifier);
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
