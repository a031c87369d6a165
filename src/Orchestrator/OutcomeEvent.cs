using System.Text.Json;
using Sluice.Shared.Domain;
using Sluice.Shared.Envelope;
using Sluice.Shared.Runtime;

namespace Sluice.Orchestrator;

/// <summary>
/// The <c>order.confirmed</c> or <c>order.rejected</c> event the workflow's decision is recorded as
/// (the contract is <see cref="OrderOutcome"/> in Sluice.Shared.Domain).
/// </summary>
internal sealed record OutcomeEvent(string EventId, string OrderId, string Type, byte[] Json)
{
    /// <summary>The event as readers parse it: what its signature covers.</summary>
    public CloudEvent Parsed()
    {
        var parsed = CloudEventParser.Parse(Json);
        return parsed.IsValid ? parsed.Event : throw new InvalidOperationException($"the outcome event written for order {OrderId} does not parse: {parsed.Problem}");
    }

    public static OutcomeEvent Create(JsonElement request, DateTimeOffset now)
    {
        var orderId = OrchestratorHandler.Text(request, "orderId");
        var causationId = OrchestratorHandler.Text(request, "causationId");
        var outcome = OrchestratorHandler.Text(request, "outcome");
        var id = OrderOutcome.EventIdFor(orderId);
        switch (outcome)
        {
            case "confirmed":
                var confirmed = new OrderConfirmed(
                    orderId,
                    OrchestratorHandler.Text(request, "customerId"),
                    OrchestratorHandler.Number(request, "total"),
                    OrchestratorHandler.Text(request, "currency"),
                    OrchestratorHandler.Text(request, "authorizationId"),
                    causationId);
                return new OutcomeEvent(id, orderId, OrderConfirmed.EventType, OrderOutcome.Write(confirmed, now));
            case "rejected":
                if (!request.TryGetProperty("reason", out var reason) || reason.ValueKind != JsonValueKind.Object)
                {
                    throw new FunctionException(ErrorTypes.InvalidRequest, "a rejected outcome needs a reason object with error and cause");
                }

                var rejected = new OrderRejected(orderId, OptionalCustomerId(request), new RejectionReason(OrchestratorHandler.Text(reason, "error"), Cause(reason)), causationId);
                return new OutcomeEvent(id, orderId, OrderRejected.EventType, OrderOutcome.Write(rejected, now));
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
