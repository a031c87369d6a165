namespace Sluice.Shared.Domain;

/// <summary>
/// An order as its events tell it. <see cref="Conflicts"/> counts outcome events that arrived
/// after the first outcome with a different id (the first outcome stands: events are never undone).
/// </summary>
public sealed record OrderState
{
    public required string OrderId { get; init; }

    public OrderStatus Status { get; init; } = OrderStatus.Unknown;

    public string? CustomerId { get; init; }

    public string? Currency { get; init; }

    public decimal? Total { get; init; }

    public int? LineCount { get; init; }

    public string? AuthorizationId { get; init; }

    public string? RejectionError { get; init; }

    public string? RejectionCause { get; init; }

    public DateTimeOffset? PlacedAt { get; init; }

    public DateTimeOffset? DecidedAt { get; init; }

    public int Conflicts { get; init; }

    public static OrderState Initial(string orderId) => new() { OrderId = orderId };
}
