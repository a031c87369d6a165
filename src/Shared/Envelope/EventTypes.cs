namespace Sluice.Shared.Envelope;

/// <summary>The event types Sluice knows (docs/contracts.md). Anything else is rejected at ingest.</summary>
public static class EventTypes
{
    public const string OrderPlaced = "order.placed";
    public const string OrderConfirmed = "order.confirmed";
    public const string OrderRejected = "order.rejected";
    public const string IngestRejected = "sluice.ingest.rejected";
    public const string ProcessorRejected = "sluice.processor.rejected";

    public static bool IsKnown(string type) => type is OrderPlaced or OrderConfirmed or OrderRejected or IngestRejected or ProcessorRejected;

    /// <summary>Order events have the order id as <c>subject</c> and as <c>data.orderId</c>.</summary>
    public static bool IsOrderEvent(string type) => type is OrderPlaced or OrderConfirmed or OrderRejected;

    /// <summary>The workflow's decisions: only the workflow writes them, signed (docs/contracts.md, "Who may write what").</summary>
    public static bool IsOutcome(string type) => type is OrderConfirmed or OrderRejected;

    /// <summary>Reports the functions send to the rejected queue; they never travel on the stream.</summary>
    public static bool IsRejection(string type) => type is IngestRejected or ProcessorRejected;
}
