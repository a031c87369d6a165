using System.Text.Json;
using Sluice.Shared.Envelope;
using Sluice.Shared.Runtime;

namespace Sluice.Orchestrator;

/// <summary>
/// The <c>order.confirmed</c> or <c>order.rejected</c> event the workflow's decision is recorded as.
/// Its id is derived from the order, so a retried <c>record-outcome</c> writes the same event again
/// and readers, who de-duplicate by id, see one outcome.
/// </summary>
internal sealed record OutcomeEvent(string EventId, string OrderId, string Type, byte[] Json)
{
    public const string Source = "sluice/orchestrator";

    public static string IdFor(string orderId) => $"{orderId}/outcome";

    public static OutcomeEvent Create(JsonElement request, DateTimeOffset now)
    {
        var orderId = OrchestratorHandler.Text(request, "orderId");
        var customerId = OrchestratorHandler.Text(request, "customerId");
        var causationId = OrchestratorHandler.Text(request, "causationId");
        var outcome = OrchestratorHandler.Text(request, "outcome");
        var id = IdFor(orderId);
        switch (outcome)
        {
            case "confirmed":
                var confirmed = (orderId, customerId, causationId,
                    total: OrchestratorHandler.Number(request, "total"),
                    currency: OrchestratorHandler.Text(request, "currency"),
                    authorizationId: OrchestratorHandler.Text(request, "authorizationId"));
                return new OutcomeEvent(id, orderId, EventTypes.OrderConfirmed, CloudEventWriter.Write(id, Source, EventTypes.OrderConfirmed, orderId, now, confirmed, static (w, s) =>
                {
                    w.WriteString("orderId", s.orderId);
                    w.WriteString("customerId", s.customerId);
                    w.WriteNumber("total", s.total);
                    w.WriteString("currency", s.currency);
                    w.WriteString("authorizationId", s.authorizationId);
                    w.WriteString("causationId", s.causationId);
                }));
            case "rejected":
                if (!request.TryGetProperty("reason", out var reason) || reason.ValueKind != JsonValueKind.Object)
                {
                    throw new FunctionException(ErrorTypes.InvalidRequest, "a rejected outcome needs a reason object with error and cause");
                }

                var rejected = (orderId, customerId, causationId,
                    error: OrchestratorHandler.Text(reason, "error"),
                    cause: reason.TryGetProperty("cause", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null);
                return new OutcomeEvent(id, orderId, EventTypes.OrderRejected, CloudEventWriter.Write(id, Source, EventTypes.OrderRejected, orderId, now, rejected, static (w, s) =>
                {
                    w.WriteString("orderId", s.orderId);
                    w.WriteString("customerId", s.customerId);
                    w.WriteStartObject("reason");
                    w.WriteString("error", s.error);
                    w.WriteString("cause", s.cause);
                    w.WriteEndObject();
                    w.WriteString("causationId", s.causationId);
                }));
            default:
                throw new FunctionException(ErrorTypes.InvalidRequest, $"outcome must be 'confirmed' or 'rejected', not '{outcome}'");
        }
    }
}
