using Spectre.Console;

namespace Sluice.Cli;

/// <summary>Tables and key/value lists: Spectre tables on a terminal, aligned plain text otherwise.</summary>
internal static class TextOutput
{
    public static void KeyValues(CommandContext context, IReadOnlyList<(string Key, string Value)> lines)
    {
        if (context.Terminal is { } console)
        {
            var grid = new Grid().AddColumn().AddColumn();
            foreach (var (key, value) in lines)
            {
                grid.AddRow(new Text(key, new Style(decoration: Decoration.Bold)), new Text(value));
            }

            console.Write(grid);
            return;
        }

        var width = lines.Max(l => l.Key.Length);
        foreach (var (key, value) in lines)
        {
            context.Out.WriteLine($"{(key + ":").PadRight(width + 2)}{value}");
        }
    }

    public static void Table(CommandContext context, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        if (context.Terminal is { } console)
        {
            var table = new Table().Border(TableBorder.Rounded);
            foreach (var header in headers)
            {
                table.AddColumn(new TableColumn(Markup.Escape(header)));
            }

            foreach (var row in rows)
            {
                table.AddRow([.. row.Select(cell => new Text(cell))]);
            }

            console.Write(table);
            return;
        }

        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        context.Out.WriteLine(Row(headers, widths));
        foreach (var row in rows)
        {
            context.Out.WriteLine(Row(row, widths));
        }
    }

    private static string Row(IReadOnlyList<string> cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Count - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
}
