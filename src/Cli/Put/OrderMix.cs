using System.Globalization;

namespace Sluice.Cli.Put;

/// <summary>
/// Proportions of each generated kind, e.g. <c>valid=70,out-of-stock=10,declined=10,malformed=10</c>
/// (weights, not necessarily summing to 100; a kind left out gets 0).
/// </summary>
internal sealed record OrderMix(int Valid, int OutOfStock, int Declined, int Malformed)
{
    public const string DefaultText = "valid=70,out-of-stock=10,declined=10,malformed=10";

    public static OrderMix Default { get; } = new(70, 10, 10, 10);

    public int Total => Valid + OutOfStock + Declined + Malformed;

    /// <summary>The kind a uniform draw in [0, Total) falls on.</summary>
    public OrderKind Pick(int draw) =>
        draw < Valid ? OrderKind.Valid
        : draw < Valid + OutOfStock ? OrderKind.OutOfStock
        : draw < Valid + OutOfStock + Declined ? OrderKind.Declined
        : OrderKind.Malformed;

    public static OrderMix Parse(string text)
    {
        int valid = 0, oos = 0, declined = 0, malformed = 0;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2 || !int.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var weight) || weight > 1_000_000)
            {
                throw Bad(text, $"'{part}' is not kind=weight with a whole weight");
            }

            switch (pair[0])
            {
                case "valid": valid = weight; break;
                case "out-of-stock" or "oos": oos = weight; break;
                case "declined": declined = weight; break;
                case "malformed": malformed = weight; break;
                default: throw Bad(text, $"unknown kind '{pair[0]}' (valid, out-of-stock, declined, malformed)");
            }
        }

        var mix = new OrderMix(valid, oos, declined, malformed);
        return mix.Total > 0 ? mix : throw Bad(text, "the weights add up to 0");
    }

    private static CliException Bad(string text, string why) => new($"--mix '{text}': {why}", CliException.Usage);
}
