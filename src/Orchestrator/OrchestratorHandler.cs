using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Sluice.Shared.Domain;
using Sluice.Shared.Logging;
using Sluice.Shared.Metrics;
using Sluice.Shared.Runtime;

namespace Sluice.Orchestrator;

/// <summary>
/// The steps of the order-fulfilment workflow. Each action is deterministic and idempotent: the
/// same request gives the same result, so Step Functions may retry any of them.
/// </summary>
internal sealed class OrchestratorHandler(IOutcomeWriter writer, IOutcomeSigner signer, LambdaLogger logger, MetricsRecorder metrics, TimeProvider clock)
{
    public async Task<byte[]> HandleAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        using var document = Parse(payload);
        var request = document.RootElement;
        var action = Text(request, "action");
        try
        {
            var result = action switch
            {
                "validate" => Validate(request),
                "reserve-stock" => ReserveStock(request),
                "release-stock" => ReleaseStock(request),
                "authorize-payment" => AuthorizePayment(request),
                "record-outcome" => await RecordOutcomeAsync(request, cancellationToken).ConfigureAwait(false),
                _ => throw new FunctionException(ErrorTypes.InvalidRequest, $"unknown action '{action}'; expected validate, reserve-stock, release-stock, authorize-payment or record-outcome"),
            };
            metrics.Add("StepSucceeded", MetricUnit.Count, 1);
            return result;
        }
        catch (FunctionException exception)
        {
            metrics.Add("StepFailed", MetricUnit.Count, 1);
            logger.Warning("Step {action} failed with {error}: {cause}", ("action", action), ("error", exception.ErrorType), ("cause", exception.Message));
            throw;
        }
    }

    private byte[] Validate(JsonElement request)
    {
        if (!request.TryGetProperty("order", out var orderElement) || orderElement.ValueKind != JsonValueKind.Object)
        {
            throw new FunctionException(ErrorTypes.ValidationFailed, "the request has no order object");
        }

        OrderPlaced? order;
        try
        {
            order = orderElement.Deserialize(DomainJsonContext.Default.OrderPlaced);
        }
        catch (JsonException exception)
        {
            throw new FunctionException(ErrorTypes.ValidationFailed, $"the order is malformed: {exception.Message}");
        }

        if (order is null)
        {
            throw new FunctionException(ErrorTypes.ValidationFailed, "the order is empty");
        }

        if (OrderRules.FindProblem(order) is { } problem)
        {
            throw new FunctionException(ErrorTypes.ValidationFailed, problem);
        }

        logger.Information("Order {order_id} is valid", ("order_id", order.OrderId));
        return Serialize(new ValidateResult(order.OrderId, order.CustomerId, order.Currency, OrderRules.Total(order), order.Lines.Count), OrchestratorJsonContext.Default.ValidateResult);
    }

    private static byte[] ReserveStock(JsonElement request)
    {
        var orderId = Text(request, "orderId");
        if (!request.TryGetProperty("line", out var line) || line.ValueKind != JsonValueKind.Object)
        {
            throw new FunctionException(ErrorTypes.InvalidRequest, "reserve-stock needs a line object");
        }

        var sku = Text(line, "sku");
        var quantity = Number(line, "quantity");
        if (!OrderRules.IsInStock(sku))
        {
            throw new FunctionException(ErrorTypes.OutOfStock, $"SKU {sku} is out of stock (order {orderId} wanted {quantity})");
        }

        return Serialize(new ReservationResult($"res-{orderId}-{sku}", sku, quantity), OrchestratorJsonContext.Default.ReservationResult);
    }

    private byte[] ReleaseStock(JsonElement request)
    {
        var orderId = Text(request, "orderId");
        var released = request.TryGetProperty("lines", out var lines) && lines.ValueKind == JsonValueKind.Array
            ? lines.EnumerateArray().Count(l => l.ValueKind == JsonValueKind.Object && l.TryGetProperty("sku", out var sku) && sku.ValueKind == JsonValueKind.String && OrderRules.IsInStock(sku.GetString()!))
            : 0;
        logger.Information("Released {released} reservations of order {order_id}", ("released", released), ("order_id", orderId));
        return Serialize(new ReleaseResult(orderId, released), OrchestratorJsonContext.Default.ReleaseResult);
    }

    private static byte[] AuthorizePayment(JsonElement request)
    {
        var orderId = Text(request, "orderId");
        var token = Text(request, "paymentToken");
        var amount = Number(request, "amount");
        var currency = Text(request, "currency");
        if (OrderRules.IsDeclined(token))
        {
            throw new FunctionException(ErrorTypes.PaymentDeclined, $"payment of {amount} {currency} for order {orderId} was declined");
        }

        return Serialize(new AuthorizationResult($"auth-{orderId}", amount, currency), OrchestratorJsonContext.Default.AuthorizationResult);
    }

    private async Task<byte[]> RecordOutcomeAsync(JsonElement request, CancellationToken cancellationToken)
    {
        var outcome = OutcomeEvent.Create(request, clock.GetUtcNow());
        byte[] signed;
        try
        {
            var mac = await signer.MacAsync(OutcomeSignature.Message(outcome.Parsed()), cancellationToken).ConfigureAwait(false);
            signed = OutcomeSignature.Attach(outcome.Json, mac);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.Error(exception, "Could not sign {event_type} for order {order_id}", ("event_type", outcome.Type), ("order_id", outcome.OrderId));
            throw new FunctionException(ErrorTypes.OutcomeNotRecorded, $"could not sign {outcome.Type} for order {outcome.OrderId}: {exception.Message}");
        }

        AppendResult appended;
        try
        {
            appended = await writer.AppendAsync(outcome.OrderId, signed, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.Error(exception, "Could not append {event_type} for order {order_id}", ("event_type", outcome.Type), ("order_id", outcome.OrderId));
            throw new FunctionException(ErrorTypes.OutcomeNotRecorded, $"could not append {outcome.Type} for order {outcome.OrderId}: {exception.Message}");
        }

        metrics.Add(outcome.Type == OrderConfirmed.EventType ? "OrdersConfirmed" : "OrdersRejected", MetricUnit.Count, 1);
        logger.Information("Recorded {event_type} for order {order_id} at {sequence_number}", ("event_type", outcome.Type), ("order_id", outcome.OrderId), ("sequence_number", appended.SequenceNumber));
        return Serialize(new OutcomeResult(outcome.EventId, appended.ShardId, appended.SequenceNumber), OrchestratorJsonContext.Default.OutcomeResult);
    }

    private static JsonDocument Parse(ReadOnlyMemory<byte> payload)
    {
        try
        {
            var document = JsonDocument.Parse(payload);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw new FunctionException(ErrorTypes.InvalidRequest, "the request must be a JSON object");
            }

            return document;
        }
        catch (JsonException exception)
        {
            throw new FunctionException(ErrorTypes.InvalidRequest, $"the request is not valid JSON: {exception.Message}");
        }
    }

    internal static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new FunctionException(ErrorTypes.InvalidRequest, $"'{name}' must be a non-empty string");

    internal static decimal Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number)
            ? number
            : throw new FunctionException(ErrorTypes.InvalidRequest, $"'{name}' must be a number");

    private static byte[] Serialize<T>(T value, JsonTypeInfo<T> info) => JsonSerializer.SerializeToUtf8Bytes(value, info);
}
