using System.Text.Json;
using Sluice.Shared.Envelope;

namespace Sluice.Shared.Domain;

/// <summary>
/// An order's state as the fold of its events (event sourcing). Events are de-duplicated by their
/// CloudEvents identity, <c>(source, id)</c>, first, because the stream is at-least-once (a retried
/// <c>record-outcome</c> writes the same outcome again); events of other orders or types are skipped.
/// Each type is taken only from its authoritative source: an outcome counts only when the workflow
/// wrote it (the refusals from <see cref="OutcomeVerifier"/> name the ones it did not).
/// </summary>
public static class OrderFold
{
    /// <param name="refusals">The outcome events that are not the workflow's, with the reason; they are left out of the state.</param>
    public static OrderHistory Fold(string orderId, IEnumerable<CloudEvent> events, IReadOnlyDictionary<CloudEvent, string> refusals)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderId);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(refusals);
        var seen = new HashSet<(string Source, string Id)>();
        var kept = new List<CloudEvent>();
        var untrusted = new List<(CloudEvent, string)>();
        var duplicates = 0;
        var state = OrderState.Initial(orderId);
        foreach (var e in events)
        {
            if (e.Subject != orderId || !EventTypes.IsOrderEvent(e.Type))
            {
                continue;
            }

            // Checked before identity: a forged event that copies a real outcome's (source, id) must not shadow it.
            var reason = refusals.TryGetValue(e, out var refused) ? refused : OutcomeSignature.Precheck(e);
            if (reason is not null)
            {
                untrusted.Add((e, reason));
                continue;
            }

            if (!seen.Add((e.Source, e.Id)))
            {
                duplicates++;
                continue;
            }

            kept.Add(e);
            state = Apply(state, e);
        }

        return new OrderHistory(state, kept, duplicates) { Untrusted = untrusted };
    }

    /// <summary>One step of the fold; an event the state cannot take is counted, never thrown.</summary>
    public static OrderState Apply(OrderState state, CloudEvent e)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(e);
        var data = e.Data;
        return e.Type switch
        {
            EventTypes.OrderPlaced => state with
            {
                // A late placed event (e.g. replayed) fills in details but never reopens a decided order.
                Status = state.Status == OrderStatus.Unknown ? OrderStatus.Placed : state.Status,
                CustomerId = Text(data, "customerId") ?? state.CustomerId,
                Currency = Text(data, "currency") ?? state.Currency,
                Total = PlacedTotal(data) ?? state.Total,
                LineCount = data.TryGetProperty("lines", out var lines) && lines.ValueKind == JsonValueKind.Array ? lines.GetArrayLength() : state.LineCount,
                PlacedAt = state.PlacedAt ?? e.Time,
            },
            EventTypes.OrderConfirmed when IsDecided(state) => state with { Conflicts = state.Conflicts + 1 },
            EventTypes.OrderConfirmed => Confirm(state, OrderOutcome.ReadConfirmed(data), e.Time),
            EventTypes.OrderRejected when IsDecided(state) => state with { Conflicts = state.Conflicts + 1 },
            EventTypes.OrderRejected => Reject(state, OrderOutcome.ReadRejected(data), e.Time),
            _ => state,
        };
    }

    // An outcome whose data cannot be read still decides the order; only its details stay unknown.
    private static OrderState Confirm(OrderState state, OrderConfirmed? confirmed, DateTimeOffset? time) => state with
    {
        Status = OrderStatus.Confirmed,
        CustomerId = confirmed?.CustomerId ?? state.CustomerId,
        Currency = confirmed?.Currency ?? state.Currency,
        Total = confirmed?.Total ?? state.Total,
        AuthorizationId = confirmed?.AuthorizationId,
        DecidedAt = time,
    };

    private static OrderState Reject(OrderState state, OrderRejected? rejected, DateTimeOffset? time) => state with
    {
        Status = OrderStatus.Rejected,
        CustomerId = rejected?.CustomerId ?? state.CustomerId,
        RejectionError = rejected?.Reason.Error,
        RejectionCause = rejected?.Reason.Cause,
        DecidedAt = time,
    };

    private static bool IsDecided(OrderState state) => state.Status is OrderStatus.Confirmed or OrderStatus.Rejected;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static decimal? Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number)
            ? number
            : null;

    /// <summary>The placed order's total when every line is readable; otherwise unknown (a malformed order).</summary>
    private static decimal? PlacedTotal(JsonElement data)
    {
        if (!data.TryGetProperty("lines", out var lines) || lines.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var total = 0m;
        foreach (var line in lines.EnumerateArray())
        {
            if (Number(line, "quantity") is not { } quantity || Number(line, "unitPrice") is not { } price)
            {
                return null;
            }

            total += quantity * price;
        }

        return total;
    }
}
