namespace Sluice.Cli;

/// <summary>
/// A text table that fits a width: columns keep their natural width (capped at their maximum)
/// while they fit; then the flexible column gives way, then columns are dropped, least important
/// first; a cell wider than its column ends in "…". Without a width nothing is cut.
/// </summary>
internal static class FittedTable
{
    private const string Gap = "  ";

    /// <summary>
    /// A column: <paramref name="Priority"/> 0 is kept longest; an <paramref name="Optional"/> one
    /// is dropped before any other is cut; the flexible one takes what is left.
    /// </summary>
    public sealed record Column(string Header, int Priority, int MinWidth, int MaxWidth = int.MaxValue, bool Flexible = false, bool Optional = false);

    /// <summary>The kept columns' indexes and widths for these rows.</summary>
    public static IReadOnlyList<(int Index, int Width)> Layout(IReadOnlyList<Column> columns, IReadOnlyList<IReadOnlyList<string>> rows, int? width)
    {
        var natural = columns.Select((c, i) => Math.Min(width is null ? int.MaxValue : c.MaxWidth, Math.Max(c.Header.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length)))).ToArray();
        var kept = Enumerable.Range(0, columns.Count).Where(i => natural[i] > 0 || columns[i].Header.Length > 0).ToList();
        if (width is not { } limit)
        {
            return [.. kept.Select(i => (i, natural[i]))];
        }

        while (kept.Count > 0)
        {
            var fixedWidth = kept.Where(i => !columns[i].Flexible).Sum(i => natural[i]) + (Gap.Length * (kept.Count - 1));
            var flexible = kept.FirstOrDefault(i => columns[i].Flexible, -1);
            if (flexible >= 0)
            {
                var room = limit - fixedWidth;
                if (room >= columns[flexible].MinWidth)
                {
                    return [.. kept.Select(i => (i, i == flexible ? Math.Min(natural[i], room) : natural[i]))];
                }

                // An optional column gives way to the flexible one when that makes room enough.
                var spare = kept.Where(i => columns[i].Optional).OrderByDescending(i => columns[i].Priority).FirstOrDefault(-1);
                if (spare >= 0 && room + natural[spare] + Gap.Length >= columns[flexible].MinWidth)
                {
                    kept.Remove(spare);
                    continue;
                }

                kept.Remove(flexible);
                continue;
            }

            if (fixedWidth <= limit)
            {
                return [.. kept.Select(i => (i, natural[i]))];
            }

            if (kept.Where(i => columns[i].Optional).OrderByDescending(i => columns[i].Priority).FirstOrDefault(-1) is var optional and >= 0)
            {
                kept.Remove(optional);
                continue;
            }

            // Cut what can be cut before dropping a column.
            var excess = fixedWidth - limit;
            foreach (var i in kept.OrderByDescending(i => columns[i].Priority))
            {
                var give = Math.Min(excess, natural[i] - Math.Max(columns[i].MinWidth, columns[i].Header.Length));
                if (give > 0)
                {
                    natural[i] -= give;
                    excess -= give;
                }
            }

            if (excess > 0)
            {
                kept.Remove(kept.OrderByDescending(i => columns[i].Priority).First());
            }
        }

        return [];
    }

    /// <summary>The cell cut to the width (ending in "…") and padded to it.</summary>
    public static string Cell(string text, int width, bool pad) =>
        (text.Length > width ? string.Concat(text.AsSpan(0, Math.Max(0, width - 1)), "…") : text) is var cut && pad ? cut.PadRight(width) : cut;

    /// <summary>Header and rows as lines.</summary>
    public static IReadOnlyList<string> Lines(IReadOnlyList<Column> columns, IReadOnlyList<IReadOnlyList<string>> rows, int? width)
    {
        var layout = Layout(columns, rows, width);
        var lines = new List<string> { Join(layout, i => columns[i].Header) };
        lines.AddRange(rows.Select(row => Join(layout, i => row[i])));
        return lines;
    }

    private static string Join(IReadOnlyList<(int Index, int Width)> layout, Func<int, string> text) =>
        string.Join(Gap, layout.Select((c, n) => Cell(text(c.Index), c.Width, pad: n < layout.Count - 1))).TrimEnd();

    /// <summary>A line cut to the width.</summary>
    public static string Fit(string line, int? width) => width is { } w ? Cell(line, w, pad: false) : line;
}
