using System.Text;
using Sluice.Shared.Domain;
using Sluice.Shared.Envelope;

namespace Sluice.Shared.Tests.Domain;

public sealed class OrderFoldTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly OutcomeKeys s_keys = new();

    /// <summary>The fold as the readers run it: outcomes checked with the workflow's key first.</summary>
    private static async Task<OrderHistory> FoldAsync(string orderId, params CloudEvent[] events) =>
        OrderFold.Fold(orderId, events, await s_keys.Verifier().RefusalsAsync(events, TestContext.Current.CancellationToken));

    private static CloudEvent Event(string json)
    {
        var result = CloudEventParser.Parse(Encoding.UTF8.GetBytes(json));
        Assert.True(result.IsValid, result.Problem);
        return result.Event;
    }

    private static CloudEvent Placed(string orderId, string id = "e-1") => Event($$$"""
        {"specversion":"1.0","id":"{{{id}}}","source":"sluice/generator","type":"order.placed","subject":"{{{orderId}}}","time":"2026-01-01T12:00:00.000Z",
         "data":{"orderId":"{{{orderId}}}","customerId":"c-1","currency":"EUR","paymentToken":"tok_ok","lines":[{"sku":"A","quantity":2,"unitPrice":3.5},{"sku":"B","quantity":1,"unitPrice":1}]}}
        """);

    private static CloudEvent Confirmed(string orderId) => s_keys.Sign(Unsigned(orderId));

    private static CloudEvent Unsigned(string orderId, string source = "sluice/orchestrator") => Event($$$"""
        {"specversion":"1.0","id":"{{{orderId}}}/outcome","source":"{{{source}}}","type":"order.confirmed","subject":"{{{orderId}}}","time":"2026-01-01T12:00:01.000Z",
         "data":{"orderId":"{{{orderId}}}","customerId":"c-1","total":8,"currency":"EUR","authorizationId":"auth-9","causationId":"e-1"}}
        """);

    private static CloudEvent Rejected(string orderId, string id) => s_keys.Sign(Event($$$"""
        {"specversion":"1.0","id":"{{{id}}}","source":"sluice/orchestrator","type":"order.rejected","subject":"{{{orderId}}}","time":"2026-01-01T12:00:02.000Z",
         "data":{"orderId":"{{{orderId}}}","reason":{"error":"OutOfStock","cause":"OOS-1 is out of stock"},"causationId":"e-1"}}
        """));

    [Fact]
    public async Task Fold_NoEvents_Unknown()
    {
        var history = await FoldAsync("o-1");

        Assert.Equal(OrderStatus.Unknown, history.State.Status);
        Assert.Empty(history.Events);
    }

    [Fact]
    public async Task Fold_Placed_PlacedWithTotalAndLines()
    {
        var state = (await FoldAsync("o-1", Placed("o-1"))).State;

        Assert.Equal(OrderStatus.Placed, state.Status);
        Assert.Equal(8m, state.Total);
        Assert.Equal(2, state.LineCount);
        Assert.Equal("c-1", state.CustomerId);
        Assert.Equal(s_t0, state.PlacedAt);
    }

    [Fact]
    public async Task Fold_PlacedThenConfirmed_ConfirmedWithAuthorization()
    {
        var state = (await FoldAsync("o-1", Placed("o-1"), Confirmed("o-1"))).State;

        Assert.Equal(OrderStatus.Confirmed, state.Status);
        Assert.Equal("auth-9", state.AuthorizationId);
        Assert.Equal(s_t0.AddSeconds(1), state.DecidedAt);
    }

    [Fact]
    public async Task Fold_PlacedThenRejected_RejectedWithReason()
    {
        var state = (await FoldAsync("o-1", Placed("o-1"), Rejected("o-1", "o-1/outcome"))).State;

        Assert.Equal(OrderStatus.Rejected, state.Status);
        Assert.Equal("OutOfStock", state.RejectionError);
        Assert.Equal("OOS-1 is out of stock", state.RejectionCause);
        Assert.Equal("c-1", state.CustomerId);
    }

    [Fact]
    public async Task Fold_DuplicateIds_CountedOnceAndReported()
    {
        var history = await FoldAsync("o-1", Placed("o-1"), Placed("o-1"), Confirmed("o-1"), Confirmed("o-1"));

        Assert.Equal(2, history.Events.Count);
        Assert.Equal(2, history.Duplicates);
        Assert.Equal(OrderStatus.Confirmed, history.State.Status);
        Assert.Equal(0, history.State.Conflicts);
    }

    [Fact]
    public async Task Fold_SecondOutcomeWithOtherId_FirstStandsAndConflictCounted()
    {
        var state = (await FoldAsync("o-1", Placed("o-1"), Confirmed("o-1"), Rejected("o-1", "other"))).State;

        Assert.Equal(OrderStatus.Confirmed, state.Status);
        Assert.Equal(1, state.Conflicts);
    }

    [Fact]
    public async Task Fold_OtherOrdersEvents_Skipped()
    {
        var history = await FoldAsync("o-1", Placed("o-2", "e-2"), Placed("o-1"));

        Assert.Single(history.Events);
        Assert.Equal("o-1", history.State.OrderId);
    }

    [Fact]
    public async Task Fold_PlacedAfterOutcome_DoesNotReopen()
    {
        var state = (await FoldAsync("o-1", Rejected("o-1", "o-1/outcome"), Placed("o-1"))).State;

        Assert.Equal(OrderStatus.Rejected, state.Status);
        Assert.Equal(8m, state.Total);
    }

    [Fact]
    public async Task Fold_UnsignedOutcomeClaimingTheWorkflow_LeftOutWithReason()
    {
        var history = await FoldAsync("o-1", Placed("o-1"), Unsigned("o-1"));

        Assert.Equal(OrderStatus.Placed, history.State.Status);
        var (forged, reason) = Assert.Single(history.Untrusted);
        Assert.Equal("order.confirmed", forged.Type);
        Assert.Contains("no workflow signature", reason);
    }

    [Fact]
    public async Task Fold_OutcomeFromAnotherSource_LeftOutWithReason()
    {
        var history = await FoldAsync("o-1", Placed("o-1"), Unsigned("o-1", source: "shop/checkout"));

        Assert.Equal(OrderStatus.Placed, history.State.Status);
        Assert.Contains("source 'shop/checkout'", Assert.Single(history.Untrusted).Reason);
    }

    [Fact]
    public async Task Fold_SignedOutcomeAlteredAfter_LeftOut_AndDoesNotShadowTheRealOne()
    {
        var real = Rejected("o-1", "o-1/outcome");
        // A copy of the workflow's signed rejection turned into a confirmation: same id, same signature.
        var altered = Event(real.Json.Replace("\"order.rejected\"", "\"order.confirmed\"", StringComparison.Ordinal)
            .Replace("\"reason\":{\"error\":\"OutOfStock\",\"cause\":\"OOS-1 is out of stock\"}", "\"customerId\":\"c-1\",\"total\":8,\"currency\":\"EUR\",\"authorizationId\":\"auth-9\"", StringComparison.Ordinal));

        var history = await FoldAsync("o-1", Placed("o-1"), altered, real);

        Assert.Equal("order.confirmed", altered.Type);
        Assert.Equal(OrderStatus.Rejected, history.State.Status);
        Assert.Equal(0, history.Duplicates);
        Assert.Contains("does not verify", Assert.Single(history.Untrusted).Reason);
    }
}
