using System.Text.Json.Serialization;
using Sluice.Shared.Envelope;

namespace Sluice.Shared.Domain;

/// <summary>
/// The <c>data</c> of an <c>order.rejected</c> event: the workflow refused the order, with the typed
/// error of the step that refused it. <see cref="CustomerId"/> is absent when the order had none.
/// </summary>
public sealed record OrderRejected(
    [property: JsonPropertyName("orderId")] string OrderId,
    [property: JsonPropertyName("customerId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CustomerId,
    [property: JsonPropertyName("reason")] RejectionReason Reason,
    [property: JsonPropertyName("causationId")] string CausationId)
{
    public const string EventType = EventTypes.OrderRejected;
}
