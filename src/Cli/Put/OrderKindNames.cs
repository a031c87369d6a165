namespace Sluice.Cli.Put;

/// <summary>The names kinds have in --mix, the summary and its JSON.</summary>
internal static class OrderKindNames
{
    public static string Name(OrderKind kind) => kind switch
    {
        OrderKind.Valid => "valid",
        OrderKind.OutOfStock => "out-of-stock",
        OrderKind.Declined => "declined",
        OrderKind.Malformed => "malformed",
        _ => "other",
    };
}
