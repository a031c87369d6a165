using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Sluice.Cli.Watch;

internal static partial class WatchCommand
{
    private static async Task<int> WatchAsync(CommandContext context, string machine, bool once, TimeSpan wait, int recent, int max, CancellationToken cancellationToken)
    {
        var reader = new SnapshotReader(context.StepFunctions(), machine, context.Host.Clock);
        Task<WatchSnapshot> Read() => reader.ReadAsync(recent, max, cancellationToken);

        // --json is for scripts: one document, as with --once.
        if (context.Terminal is { } console && !once)
        {
            var first = await Read().ConfigureAwait(false);
            await console.Live(Render(first, context.Size?.Width)).StartAsync(async live =>
            {
                while (true)
                {
                    await context.Host.Delay(wait, cancellationToken).ConfigureAwait(false);
                    live.UpdateTarget(Render(await Read().ConfigureAwait(false), context.Size?.Width));
                }
            }).ConfigureAwait(false);
        }

        for (var refresh = 0; ; refresh++)
        {
            var snapshot = await Read().ConfigureAwait(false);
            if (context.Json)
            {
                context.Out.WriteLine(JsonSerializer.Serialize(snapshot, CliJsonContext.Default.WatchSnapshot));
                return 0;
            }

            if (context.Terminal is { } terminal)
            {
                terminal.Write(Render(snapshot, context.Size?.Width));
                return 0;
            }

            if (refresh > 0)
            {
                context.Out.WriteLine();
            }

            foreach (var line in WatchView.Snapshot(snapshot, context.Size?.Width))
            {
                context.Out.WriteLine(line);
            }

            if (once)
            {
                return 0;
            }

            await context.Host.Delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    private static IRenderable Render(WatchSnapshot snapshot, int? width)
    {
        var lines = WatchView.Snapshot(snapshot, width);
        var rendered = new List<IRenderable>(lines.Count + 1);
        var header = snapshot.Recent.Count == 0 ? -1 : lines.Count - snapshot.Recent.Count - 1;
        for (var i = 0; i < lines.Count; i++)
        {
            var row = i - header - 1;
            var style = row >= 0 && row < snapshot.Recent.Count ? RowStyle(snapshot.Recent[row]) : i == header ? new Style(decoration: Decoration.Bold) : Style.Plain;
            rendered.Add(new Text(lines[i], style));
        }

        rendered.Add(new Markup("[grey]Ctrl-C stops; sluice watch <execution or order> follows one[/]"));
        return new Rows(rendered);
    }

    private static Style RowStyle(ExecutionSummary e) => e.Outcome switch
    {
        "confirmed" => new Style(Color.Green),
        "rejected" => new Style(Color.Yellow),
        null => new Style(Color.Blue),
        _ => new Style(Color.Red),
    };
}
