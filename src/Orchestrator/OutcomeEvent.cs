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
        var causationId = OrchestratorHandler.Text(request, "causationId");
        var outcome = OrchestratorHandler.Text(request, "outcome");
        var id = IdFor(orderId);
        switch (outcome)
        {
            case "confirmed":
                var confirmed = (orderId, customerId: OrchestratorHandler.Text(request, "customerId"), causationId,
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

                var rejected = (orderId, customerId: OptionalCustomerId(request), causationId,
                    error: OrchestratorHandler.Text(reason, "error"),
                    cause: Cause(reason));
                return new OutcomeEvent(id, orderId, EventTypes.OrderRejected, CloudEventWriter.Write(id, Source, EventTypes.OrderRejected, orderId, now, rejected, static (w, s) =>
                {
                    w.WriteString("orderId", s.orderId);
                    if (s.customerId is not null)
                    {
                        w.WriteString("customerId", s.customerId);
                    }

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

    /// <summary>
    /// A rejection may come from an order too broken to have a customer: the id is taken from
    /// <c>customerId</c>, else from the rejected <c>order</c>, else left out.
    /// </summary>
    private static string? OptionalCustomerId(JsonElement request)
    {
        if (request.TryGetProperty("customerId", out var direct) && direct.ValueKind == JsonValueKind.String)
        {
            return direct.GetString();
        }

        return request.TryGetProperty("order", out var order) && order.ValueKind == JsonValueKind.Object
            && order.TryGetProperty("customerId", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;
    }

    /// <summary>
    /// Step Functions passes a Lambda error's cause as the function's error JSON
    /// (<c>{"errorType":...,"errorMessage":...}</c>); the event keeps the message a person reads.
    /// </summary>
    private static string? Cause(JsonElement reason)
    {
        if (!reason.TryGetProperty("cause", out var cause) || cause.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var text = cause.GetString()!;
        if (!text.StartsWith('{'))
        {
            return text;
        }

        try
        {
            using var error = JsonDocument.Parse(text);
            return error.RootElement.ValueKind == JsonValueKind.Object
                && error.RootElement.TryGetProperty("errorMessage", out var message) && message.ValueKind == JsonValueKind.String
                ? message.GetString()
                : text;
        }
        catch (JsonException)
        {
            return text;
        }
    }
}
