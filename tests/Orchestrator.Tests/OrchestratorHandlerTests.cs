using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Sluice.Shared.Envelope;
using Sluice.Shared.Runtime;

namespace Sluice.Orchestrator.Tests;

public sealed class OrchestratorHandlerTests
{
    private const string Order = """{"orderId":"ord-1","customerId":"c-1","currency":"EUR","paymentToken":"tok_ok","lines":[{"sku":"SKU-1","quantity":2,"unitPrice":10.5},{"sku":"SKU-2","quantity":1,"unitPrice":4}]}""";
    private readonly FakeTimeProvider _clock = new(TestClock.Start);
    private readonly RecordingWriter _writer = new();
    private readonly OutcomeKeys _keys = new();
    private readonly KeySigner _signer;
    private readonly CapturedOutput _output;
    private readonly OrchestratorHandler _handler;

    public OrchestratorHandlerTests()
    {
        _output = new CapturedOutput(_clock);
        _signer = new KeySigner(_keys);
        _handler = new OrchestratorHandler(_writer, _signer, _output.Logger, _output.Metrics, _clock);
    }

    [Fact]
    public async Task Validate_ValidOrder_ReturnsSummary()
    {
        var result = await InvokeAsync($$"""{"action":"validate","order":{{Order}}}""");

        Assert.Equal("ord-1", result.GetProperty("orderId").GetString());
        Assert.Equal("c-1", result.GetProperty("customerId").GetString());
        Assert.Equal(25m, result.GetProperty("total").GetDecimal());
        Assert.Equal(2, result.GetProperty("lineCount").GetInt32());
    }

    [Theory]
    [InlineData("\"currency\":\"EUR\"", "\"currency\":\"XXX\"", "currency 'XXX' is not one of EUR, USD, GBP")]
    [InlineData("\"quantity\":2", "\"quantity\":-2", "lines[0].quantity must be a whole number from 1 to 1000, not -2")]
    [InlineData("\"quantity\":2", "\"quantity\":\"two\"", "the order is malformed")]
    public async Task Validate_BrokenRule_FailsWithValidationFailed(string from, string to, string message)
    {
        var error = await FailAsync($$"""{"action":"validate","order":{{Order.Replace(from, to, StringComparison.Ordinal)}}}""");

        Assert.Equal("ValidationFailed", error.ErrorType);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReserveStock_InStock_ReturnsDeterministicReservation()
    {
        var result = await InvokeAsync("""{"action":"reserve-stock","orderId":"ord-1","line":{"sku":"SKU-1","quantity":2,"unitPrice":10.5}}""");

        Assert.Equal("res-ord-1-SKU-1", result.GetProperty("reservationId").GetString());
        Assert.Equal(2, result.GetProperty("quantity").GetDecimal());
    }

    [Fact]
    public async Task ReserveStock_OosSku_FailsWithOutOfStock()
    {
        var error = await FailAsync("""{"action":"reserve-stock","orderId":"ord-1","line":{"sku":"OOS-9","quantity":1,"unitPrice":1}}""");

        Assert.Equal("OutOfStock", error.ErrorType);
        Assert.Contains("OOS-9", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _output.MetricTotalsAfterFlush()["StepFailed"]);
    }

    [Fact]
    public async Task AuthorizePayment_DeclinedToken_FailsWithPaymentDeclined()
    {
        var ok = await InvokeAsync("""{"action":"authorize-payment","orderId":"ord-1","paymentToken":"tok_ok","amount":25,"currency":"EUR"}""");
        var error = await FailAsync("""{"action":"authorize-payment","orderId":"ord-1","paymentToken":"tok_declined","amount":25,"currency":"EUR"}""");

        Assert.Equal("auth-ord-1", ok.GetProperty("authorizationId").GetString());
        Assert.Equal("PaymentDeclined", error.ErrorType);
    }

    [Fact]
    public async Task ReleaseStock_CountsReleasedInStockLines()
    {
        var result = await InvokeAsync("""{"action":"release-stock","orderId":"ord-1","lines":[{"sku":"SKU-1"},{"sku":"OOS-2"},{"sku":"SKU-3"}]}""");

        Assert.Equal(2, result.GetProperty("released").GetInt32());
    }

    [Fact]
    public async Task RecordOutcome_Confirmed_AppendsOrderConfirmedKeyedByOrder()
    {
        var result = await InvokeAsync("""{"action":"record-outcome","orderId":"ord-1","customerId":"c-1","outcome":"confirmed","causationId":"evt-1","total":25,"currency":"EUR","authorizationId":"auth-ord-1"}""");

        var (key, data) = Assert.Single(_writer.Appended);
        Assert.Equal("ord-1", key);
        var appended = CloudEventParser.Parse(data);
        Assert.True(appended.IsValid, appended.Problem);
        Assert.Equal(EventTypes.OrderConfirmed, appended.Event.Type);
        Assert.Equal("ord-1/outcome", appended.Event.Id);
        Assert.Equal("ord-1", appended.Event.Subject);
        Assert.Equal(25m, appended.Event.Data.GetProperty("total").GetDecimal());
        Assert.Equal("evt-1", appended.Event.Data.GetProperty("causationId").GetString());
        Assert.Equal("ord-1/outcome", result.GetProperty("eventId").GetString());
        Assert.Equal("shardId-000000000001", result.GetProperty("shardId").GetString());
    }

    [Fact]
    public async Task RecordOutcome_Appended_SignedWithTheWorkflowKey_AndAnyChangeBreaksIt()
    {
        await InvokeAsync("""{"action":"record-outcome","orderId":"ord-1","customerId":"c-1","outcome":"confirmed","causationId":"evt-1","total":25,"currency":"EUR","authorizationId":"auth-ord-1"}""");

        var appended = CloudEventParser.Parse(Assert.Single(_writer.Appended).Data).Event!;
        var verifier = _keys.Verifier();
        var changed = CloudEventParser.Parse(Encoding.UTF8.GetBytes(appended.Json.Replace("\"total\":25", "\"total\":2500", StringComparison.Ordinal))).Event!;
        var otherKey = new OutcomeKeys().Verifier();

        Assert.NotNull(Sluice.Shared.Domain.OutcomeSignature.Read(appended));
        Assert.Null(await verifier.RefusalAsync(appended, TestContext.Current.CancellationToken));
        Assert.Equal(2500m, changed.Data.GetProperty("total").GetDecimal());
        Assert.Contains("does not verify", await verifier.RefusalAsync(changed, TestContext.Current.CancellationToken));
        Assert.Contains("does not verify", await otherKey.RefusalAsync(appended, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RecordOutcome_SigningFails_FailsWithOutcomeNotRecorded_AndAppendsNothing()
    {
        _signer.FailWith = new HttpRequestException("KMS unreachable");

        var error = await FailAsync("""{"action":"record-outcome","orderId":"ord-1","customerId":"c-1","outcome":"confirmed","causationId":"evt-1","total":25,"currency":"EUR","authorizationId":"auth-ord-1"}""");

        Assert.Equal("OutcomeNotRecorded", error.ErrorType);
        Assert.Contains("could not sign order.confirmed for order ord-1: KMS unreachable", error.Message, StringComparison.Ordinal);
        Assert.Empty(_writer.Appended);
    }

    [Fact]
    public async Task RecordOutcome_Rejected_AppendsReason_AndRetrySameId()
    {
        const string Request = """{"action":"record-outcome","orderId":"ord-2","customerId":"c-1","outcome":"rejected","causationId":"evt-2","reason":{"error":"OutOfStock","cause":"SKU OOS-1 is out of stock"}}""";

        await InvokeAsync(Request);
        await InvokeAsync(Request);

        Assert.Equal(2, _writer.Appended.Count);
        var first = CloudEventParser.Parse(_writer.Appended[0].Data);
        var second = CloudEventParser.Parse(_writer.Appended[1].Data);
        Assert.Equal(first.Event!.Id, second.Event!.Id);
        Assert.Equal(EventTypes.OrderRejected, first.Event.Type);
        Assert.Equal("OutOfStock", first.Event.Data.GetProperty("reason").GetProperty("error").GetString());
    }

    [Fact]
    public async Task RecordOutcome_RejectedWithLambdaErrorCause_KeepsMessageAndCustomerFromOrder()
    {
        const string Request = """{"action":"record-outcome","orderId":"ord-3","order":{"orderId":"ord-3","customerId":"c-9"},"outcome":"rejected","causationId":"evt-3","reason":{"error":"OutOfStock","cause":"{\"errorType\":\"OutOfStock\",\"errorMessage\":\"SKU OOS-1 is out of stock\",\"trace\":[]}"}}""";

        await InvokeAsync(Request);

        var data = CloudEventParser.Parse(Assert.Single(_writer.Appended).Data).Event!.Data;
        Assert.Equal("c-9", data.GetProperty("customerId").GetString());
        Assert.Equal("SKU OOS-1 is out of stock", data.GetProperty("reason").GetProperty("cause").GetString());
    }

    [Fact]
    public async Task RecordOutcome_RejectedOrderWithoutCustomer_StillRecorded()
    {
        await InvokeAsync("""{"action":"record-outcome","orderId":"ord-4","order":{"orderId":"ord-4"},"outcome":"rejected","causationId":"evt-4","reason":{"error":"ValidationFailed","cause":"customerId is required"}}""");

        var data = CloudEventParser.Parse(Assert.Single(_writer.Appended).Data).Event!.Data;
        Assert.False(data.TryGetProperty("customerId", out _));
        Assert.Equal("customerId is required", data.GetProperty("reason").GetProperty("cause").GetString());
    }

    [Fact]
    public async Task RecordOutcome_AppendFails_FailsWithOutcomeNotRecorded()
    {
        _writer.FailWith = new HttpRequestException("connection reset");

        var error = await FailAsync("""{"action":"record-outcome","orderId":"ord-1","customerId":"c","outcome":"rejected","causationId":"e","reason":{"error":"ValidationFailed","cause":"x"}}""");

        Assert.Equal("OutcomeNotRecorded", error.ErrorType);
    }

    [Theory]
    [InlineData("""{"action":"ship"}""", "unknown action 'ship'")]
    [InlineData("""{"orderId":"x"}""", "'action' must be a non-empty string")]
    [InlineData("[]", "the request must be a JSON object")]
    [InlineData("{", "the request is not valid JSON")]
    [InlineData("""{"action":"record-outcome","orderId":"o","customerId":"c","causationId":"e","outcome":"maybe"}""", "outcome must be 'confirmed' or 'rejected'")]
    [InlineData("""{"action":"authorize-payment","orderId":"o","paymentToken":"t","amount":"ten","currency":"EUR"}""", "'amount' must be a number")]
    public async Task HandleAsync_BadRequest_FailsWithInvalidRequest(string request, string message)
    {
        var error = await FailAsync(request);

        Assert.Equal("InvalidRequest", error.ErrorType);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    private async Task<JsonElement> InvokeAsync(string request)
    {
        var bytes = await _handler.HandleAsync(Encoding.UTF8.GetBytes(request), CancellationToken.None);
        return JsonDocument.Parse(bytes).RootElement.Clone();
    }

    private Task<FunctionException> FailAsync(string request) =>
        Assert.ThrowsAsync<FunctionException>(() => _handler.HandleAsync(Encoding.UTF8.GetBytes(request), CancellationToken.None));
}
