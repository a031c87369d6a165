namespace Sluice.Cli.Put;

/// <summary>What a record is meant to exercise; the summary counts records by it.</summary>
internal enum OrderKind
{
    Valid,
    OutOfStock,
    Declined,
    Malformed,

    /// <summary>A file event that is not an order.placed (e.g. an outcome written by hand).</summary>
    Other,
}
