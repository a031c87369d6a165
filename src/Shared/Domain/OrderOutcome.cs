using System.Text.Json;
using Sluice.Shared.Envelope;

namespace Sluice.Shared.Domain;

/// <summary>
/// The workflow's decision on an order, as recorded on the stream: exactly one of
/// <see cref="Confirmed"/> and <see cref="Rejected"/>. Its event id is derived from the order
/// (<see cref="EventIdFor"/>), so a retried record-outcome writes the same event and readers, who
/// de-duplicate by id, see one outcome.
/// </summary>
public sealed record OrderOutcome(string EventId, string OrderId, OrderConfirmed? Confirmed, OrderRejected? Rejected)
{
    /// <summary>The <c>source</c> of every outcome event: only the workflow decides.</summary>
    public const string Source = "sluice/orchestrator";

    public static string EventIdFor(string orderId) => $"{orderId}/outcome";

    /// <summary>"confirmed", or "rejected:&lt;error&gt;" (e.g. rejected:OutOfStock).</summary>
    public string Label => Confirmed is not null ? "confirmed" : "rejected:" + (Rejected?.Reason.Error ?? "unknown");

    /// <summary>The <c>order.confirmed</c> event for the decision, as the Orchestrator appends it to the stream.</summary>
    public static byte[] Write(OrderConfirmed confirmed, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(confirmed);
        return CloudEventWriter.Write(EventIdFor(confirmed.OrderId), Source, OrderConfirmed.EventType, confirmed.OrderId, time, confirmed, DomainJsonContext.Default.OrderConfirmed);
    }

    /// <summary>The <c>order.rejected</c> event for the decision, as the Orchestrator appends it to the stream.</summary>
    public static byte[] Write(OrderRejected rejected, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        return CloudEventWriter.Write(EventIdFor(rejected.OrderId), Source, OrderRejected.EventType, rejected.OrderId, time, rejected, DomainJsonContext.Default.OrderRejected);
    }

    /// <summary>The outcome an event records; null for any other event, or one whose data cannot be read as its type.</summary>
    public static OrderOutcome? From(CloudEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Subject is not { Length: > 0 } orderId)
        {
            return null;
        }

        return e.Type switch
        {
            EventTypes.OrderConfirmed => ReadConfirmed(e.Data) is { } confirmed ? new(e.Id, orderId, confirmed, null) : null,
            EventTypes.OrderRejected => ReadRejected(e.Data) is { } rejected ? new(e.Id, orderId, null, rejected) : null,
            _ => null,
        };
    }

    /// <summary>The data as an <see cref="OrderConfirmed"/>; null when a member is missing or of the wrong type.</summary>
    public static OrderConfirmed? ReadConfirmed(JsonElement data)
    {
        var confirmed = Deserialize(data, DomainJsonContext.Default.OrderConfirmed);
        return confirmed is { OrderId: not null, CustomerId: not null, Currency: not null, AuthorizationId: not null, CausationId: not null } ? confirmed : null;
    }

    /// <summary>The data as an <see cref="OrderRejected"/>; null when a member is missing or of the wrong type.</summary>
    public static OrderRejected? ReadRejected(JsonElement data)
    {
        var rejected = Deserialize(data, DomainJsonContext.Default.OrderRejected);
        return rejected is { OrderId: not null, Reason.Error: not null, CausationId: not null } ? rejected : null;
    }

    private static T? Deserialize<T>(JsonElement data, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        if (data.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        try
        {
            return data.Deserialize(type);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
