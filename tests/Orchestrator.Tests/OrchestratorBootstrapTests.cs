using System.Text.Json;
using Sluice.Shared.Envelope;

namespace Sluice.Orchestrator.Tests;

/// <summary>The published native AOT binary against a real Runtime API and a fake Kinesis.</summary>
public sealed class OrchestratorBootstrapTests : IAsyncLifetime
{
    private const string KeyArn = "arn:aws:kms:us-east-1:000000000000:key/5f0c2d61-0000-4000-8000-000000000001";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);
    private static readonly string s_mac = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private FakeRuntimeApi _api = null!;
    private string _bootstrap = null!;

    public async ValueTask InitializeAsync()
    {
        _api = await FakeRuntimeApi.StartAsync();
        _bootstrap = await FunctionPublisher.PublishAsync("Orchestrator").WaitAsync(TimeSpan.FromMinutes(10));
        _api.AwsHandler = static request => request.Target == "TrentService.GenerateMac"
            ? new AwsAnswer(200, "application/x-amz-json-1.1", $$"""{"Mac":"{{s_mac}}","MacAlgorithm":"HMAC_SHA_256","KeyId":"{{KeyArn}}"}""")
            : new AwsAnswer(200, "application/x-amz-json-1.1", """{"FailedRecordCount":0,"Records":[{"SequenceNumber":"49600000000000000000000000000000000000000000000000000007","ShardId":"shardId-000000000003"}]}""");
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Bootstrap_RecordOutcome_SignsWithKms_ThenPutsTheSignedEventOnTheStream()
    {
        using var function = Start();
        _api.Enqueue("req-1", """{"action":"record-outcome","orderId":"ord-1","customerId":"c-1","outcome":"confirmed","causationId":"evt-1","total":25,"currency":"EUR","authorizationId":"auth-ord-1"}"""u8.ToArray());

        var result = await _api.ResultAsync("req-1", s_timeout);

        Assert.False(result.IsError, result.Body);
        Assert.Equal("""{"eventId":"ord-1/outcome","shardId":"shardId-000000000003","sequenceNumber":"49600000000000000000000000000000000000000000000000000007"}""", result.Body);
        var calls = _api.AwsRequests.ToList();
        Assert.Equal(["TrentService.GenerateMac", "Kinesis_20131202.PutRecords"], calls.Select(r => r.Target));
        using var mac = JsonDocument.Parse(calls[0].Body);
        Assert.Equal(KeyArn, mac.RootElement.GetProperty("KeyId").GetString());
        Assert.Equal("HMAC_SHA_256", mac.RootElement.GetProperty("MacAlgorithm").GetString());
        var call = calls[1];
        using var body = JsonDocument.Parse(call.Body);
        Assert.Equal("sluice-orders", body.RootElement.GetProperty("StreamName").GetString());
        var record = Assert.Single(body.RootElement.GetProperty("Records").EnumerateArray());
        Assert.Equal("ord-1", record.GetProperty("PartitionKey").GetString());
        var appended = CloudEventParser.Parse(Convert.FromBase64String(record.GetProperty("Data").GetString()!));
        Assert.True(appended.IsValid, appended.Problem);
        Assert.Equal(EventTypes.OrderConfirmed, appended.Event.Type);
        Assert.Equal(s_mac, Convert.ToBase64String(Sluice.Shared.Domain.OutcomeSignature.Read(appended.Event)!));
        Assert.Equal(Convert.ToBase64String(Sluice.Shared.Domain.OutcomeSignature.Message(appended.Event)), mac.RootElement.GetProperty("Message").GetString());
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
        FunctionProcess.Start(_bootstrap, FunctionProcess.LambdaEnvironment(_api, "orchestrator", ("STREAM_NAME", "sluice-orders"), ("OUTCOME_KEY_ID", KeyArn)));
}
