using System.Text.Json.Serialization;

namespace Sluice.Shared.Domain;

/// <summary>The <c>data</c> of an <c>order.placed</c> event: camelCase, the same names everywhere.</summary>
public sealed record OrderPlaced(
    [property: JsonPropertyName("orderId")] string OrderId,
    [property: JsonPropertyName("customerId")] string CustomerId,
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("paymentToken")] string PaymentToken,
    [property: JsonPropertyName("lines")] IReadOnlyList<OrderLine> Lines);

public sealed record OrderLine(
    [property: JsonPropertyName("sku")] string Sku,
    [property: JsonPropertyName("quantity")] decimal Quantity,
    [property: JsonPropertyName("unitPrice")] decimal UnitPrice);
