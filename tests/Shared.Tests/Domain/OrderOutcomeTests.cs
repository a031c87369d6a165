using System.Text;
using System.Text.Json;
using Sluice.Shared.Domain;
using Sluice.Shared.Envelope;

namespace Sluice.Shared.Tests.Domain;

/// <summary>The outcome contract (docs/contracts.md): what the Orchestrator writes is what the fold, `history` and the demo read.</summary>
public sealed class OrderOutcomeTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 26, 12, 0, 0, 250, TimeSpan.Zero);

    [Fact]
    public void Write_Confirmed_IsTheDocumentedEnvelopeAndData()
    {
        var json = Encoding.UTF8.GetString(OrderOutcome.Write(new OrderConfirmed("ord-1", "cust-7", 25.5m, "EUR", "auth-ord-1", "evt-1"), s_t0));

        Assert.Equal(
            """{"specversion":"1.0","id":"ord-1/outcome","source":"sluice/orchestrator","type":"order.confirmed","subject":"ord-1","time":"2026-11-26T12:00:00.250Z","datacontenttype":"application/json","data":{"orderId":"ord-1","customerId":"cust-7","total":25.5,"currency":"EUR","authorizationId":"auth-ord-1","causationId":"evt-1"}}""",
            json);
    }

    [Fact]
    public void Write_RejectedWithoutCustomer_LeavesCustomerIdOut()
    {
        var json = Encoding.UTF8.GetString(OrderOutcome.Write(new OrderRejected("ord-2", null, new RejectionReason("ValidationFailed", "an order needs at least one line"), "evt-2"), s_t0));

        Assert.EndsWith(
            ""","type":"order.rejected","subject":"ord-2","time":"2026-11-26T12:00:00.250Z","datacontenttype":"application/json","data":{"orderId":"ord-2","reason":{"error":"ValidationFailed","cause":"an order needs at least one line"},"causationId":"evt-2"}}""",
            json, StringComparison.Ordinal);
    }

    [Fact]
    public void From_WrittenEvents_ReadBackAsTheSameRecords()
    {
        var confirmed = new OrderConfirmed("ord-1", "cust-7", 25.5m, "EUR", "auth-ord-1", "evt-1");
        var rejected = new OrderRejected("ord-2", "cust-8", new RejectionReason("OutOfStock", "SKU OOS-1 is out of stock"), "evt-2");

        var a = OrderOutcome.From(Parse(OrderOutcome.Write(confirmed, s_t0)));
        var b = OrderOutcome.From(Parse(OrderOutcome.Write(rejected, s_t0)));

        Assert.Equal(new OrderOutcome("ord-1/outcome", "ord-1", confirmed, null), a);
        Assert.Equal("confirmed", a!.Label);
        Assert.Equal(new OrderOutcome("ord-2/outcome", "ord-2", null, rejected), b);
        Assert.Equal("rejected:OutOfStock", b!.Label);
    }

    [Theory]
    [InlineData("""{"orderId":"o","customerId":"c","total":"25","currency":"EUR","authorizationId":"a","causationId":"e"}""")]
    [InlineData("""{"orderId":"o","customerId":"c","total":25,"currency":"EUR","causationId":"e"}""")]
    [InlineData("""[1,2]""")]
    public void ReadConfirmed_WrongTypeOrMissingMember_IsNull(string data)
    {
        using var document = JsonDocument.Parse(data);

        Assert.Null(OrderOutcome.ReadConfirmed(document.RootElement));
    }

    [Fact]
    public void From_OtherEventTypes_AreNotOutcomes()
    {
        var placed = CloudEventWriter.Write("e-1", "sluice/generator", EventTypes.OrderPlaced, "ord-1", s_t0, 0, static (w, _) => w.WriteString("orderId", "ord-1"));

        Assert.Null(OrderOutcome.From(Parse(placed)));
    }

    private static CloudEvent Parse(byte[] json)
    {
        var parsed = CloudEventParser.Parse(json);
        Assert.True(parsed.IsValid, parsed.Problem);
        return parsed.Event;
    }
}
