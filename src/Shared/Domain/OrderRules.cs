namespace Sluice.Shared.Domain;

/// <summary>
/// The deterministic business rules (docs/contracts.md), so demos and tests repeat:
/// validation limits, <c>OOS-</c> SKUs are out of stock, <c>tok_declined</c> is declined.
/// </summary>
public static class OrderRules
{
    public const int MaxLines = 50;
    public const decimal MaxQuantity = 1000;
    public const decimal TotalLimit = 10_000;
    public const string OutOfStockPrefix = "OOS-";
    public const string DeclinedToken = "tok_declined";

    public static IReadOnlyList<string> Currencies { get; } = ["EUR", "USD", "GBP"];

    /// <summary>The first rule the order breaks, or null when it is valid.</summary>
    public static string? FindProblem(OrderPlaced order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (string.IsNullOrWhiteSpace(order.OrderId))
        {
            return "orderId is required";
        }

        if (string.IsNullOrWhiteSpace(order.CustomerId))
        {
            return "customerId is required";
        }

        if (string.IsNullOrWhiteSpace(order.PaymentToken))
        {
            return "paymentToken is required";
        }

        if (!Currencies.Contains(order.Currency))
        {
            return $"currency '{order.Currency}' is not one of {string.Join(", ", Currencies)}";
        }

        if (order.Lines is null || order.Lines.Count == 0)
        {
            return "an order needs at least one line";
        }

        if (order.Lines.Count > MaxLines)
        {
            return $"an order has at most {MaxLines} lines, this one has {order.Lines.Count}";
        }

        for (var i = 0; i < order.Lines.Count; i++)
        {
            var line = order.Lines[i];
            if (line is null || string.IsNullOrWhiteSpace(line.Sku))
            {
                return $"lines[{i}].sku is required";
            }

            if (line.Quantity <= 0 || line.Quantity != decimal.Truncate(line.Quantity) || line.Quantity > MaxQuantity)
            {
                return $"lines[{i}].quantity must be a whole number from 1 to {MaxQuantity}, not {line.Quantity}";
            }

            if (line.UnitPrice <= 0)
            {
                return $"lines[{i}].unitPrice must be positive, not {line.UnitPrice}";
            }
        }

        var total = Total(order);
        return total >= TotalLimit ? $"order total {total} {order.Currency} is not under the limit of {TotalLimit}" : null;
    }

    public static decimal Total(OrderPlaced order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return order.Lines.Sum(line => line.Quantity * line.UnitPrice);
    }

    public static bool IsInStock(string sku) => !sku.StartsWith(OutOfStockPrefix, StringComparison.Ordinal);

    public static bool IsDeclined(string paymentToken) => paymentToken == DeclinedToken;
}
