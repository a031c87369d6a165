using System.Text.Json.Serialization;
using Sluice.Shared.Envelope;

namespace Sluice.Shared.Domain;

/// <summary>The <c>data</c> of an <c>order.confirmed</c> event: the workflow accepted the order and authorized its payment.</summary>
public sealed record OrderConfirmed(
    [property: JsonPropertyName("orderId")] string OrderId,
    [property: JsonPropertyName("customerId")] string CustomerId,
    [property: JsonPropertyName("total")] decimal Total,
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("authorizationId")] string AuthorizationId,
    [property: JsonPropertyName("causationId")] string CausationId)
{
    public const string EventType = EventTypes.OrderConfirmed;
}
