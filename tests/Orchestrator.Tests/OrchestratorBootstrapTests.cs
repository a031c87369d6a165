using System.Text.Json;
using Sluice.Shared.Envelope;

namespace Sluice.Orchestrator.Tests;

/// <summary>The published native AOT binary against a real Runtime API and a fake Kinesis.</summary>
public sealed class OrchestratorBootstrapTests : IAsyncLifetime
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);
    private FakeRuntimeApi _api = null!;
    private string _bootstrap = null!;

    public async ValueTask InitializeAsync()
    {
        _api = await FakeRuntimeApi.StartAsync();
        _bootstrap = await FunctionPublisher.PublishAsync("Orchestrator").WaitAsync(TimeSpan.FromMinutes(10));
        _api.AwsHandler = static _ => new AwsAnswer(200, "application/x-amz-json-1.1", """{"FailedRecordCount":0,"Records":[{"SequenceNumber":"49600000000000000000000000000000000000000000000000000007","ShardId":"shardId-000000000003"}]}""");
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Bootstrap_RecordOutcome_PutsOutcomeEventOnTheStream()
    {
        using var function = Start();
        _api.Enqueue("req-1", """{"action":"record-outcome","orderId":"ord-1","customerId":"c-1","outcome":"confirmed","causationId":"evt-1","total":25,"currency":"EUR","authorizationId":"auth-ord-1"}"""u8.ToArray());

        var result = await _api.ResultAsync("req-1", s_timeout);

        Assert.False(result.IsError, result.Body);
        Assert.Equal("""{"eventId":"ord-1/outcome","shardId":"shardId-000000000003","sequenceNumber":"49600000000000000000000000000000000000000000000000000007"}""", result.Body);
        var call = Assert.Single(_api.AwsRequests);
        Assert.Equal("Kinesis_20131202.PutRecords", call.Target);
        using var body = JsonDocument.Parse(call.Body);
        Assert.Equal("sluice-orders", body.RootElement.GetProperty("StreamName").GetString());
        var record = Assert.Single(body.RootElement.GetProperty("Records").EnumerateArray());
        Assert.Equal("ord-1", record.GetProperty("PartitionKey").GetString());
        var appended = CloudEventParser.Parse(Convert.FromBase64String(record.GetProperty("Data").GetString()!));
        Assert.True(appended.IsValid, appended.Problem);
        Assert.Equal(EventTypes.OrderConfirmed, appended.Event.Type);
    }

    [Fact]
    public async Task Bootstrap_OutOfStock_ReportsTypedFunctionError()
    {
        using var function = Start();
        _api.Enqueue("req-2", """{"action":"reserve-stock","orderId":"ord-1","line":{"sku":"OOS-1","quantity":1,"unitPrice":3}}"""u8.ToArray());

        var result = await _api.ResultAsync("req-2", s_timeout);

        Assert.True(result.IsError);
        Assert.Equal("OutOfStock", result.ErrorTypeHeader);
        using var body = JsonDocument.Parse(result.Body);
        Assert.Equal("OutOfStock", body.RootElement.GetProperty("errorType").GetString());
        Assert.Contains("OOS-1", body.RootElement.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bootstrap_NeedsNoGlibcNewerThan234() =>
        Assert.True(GlibcRequirement.NewestRequired(_bootstrap) <= new Version(2, 34));

    private FunctionProcess Start() =>
        FunctionProcess.Start(_bootstrap, FunctionProcess.LambdaEnvironment(_api, "orchestrator", ("STREAM_NAME", "sluice-orders")));
}
