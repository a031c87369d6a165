using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sluice.Shared.Aws;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Sluice.Cli.Watch;

/// <summary>
/// <c>sluice watch</c>: a live view of the state machine's executions; <c>sluice watch &lt;execution&gt;</c>
/// follows one execution state by state. <c>--once</c> prints one snapshot and exits.
/// </summary>
internal static class WatchCommand
{
    public static readonly IReadOnlyList<string> Examples =
    [
        "sluice watch                         # live until Ctrl-C",
        "sluice watch --once --json",
        "sluice watch ord-b74d2555175d        # an order's execution, branch by branch",
        "sluice watch --aws --profile prod --stack sluice-prod",
    ];

    public static Command Create(CliHost host, CommonOptions common)
    {
        var execution = new Argument<string?>("execution") { Description = "An execution name or ARN to follow state by state", Arity = ArgumentArity.ZeroOrOne };
        var once = new Option<bool>("--once") { Description = "Print one snapshot and exit (for scripts and tests)" };
        var interval = NumberOptions.Double("--interval", "Seconds between refreshes", 2, 0.1, 3600);
        var recent = NumberOptions.Int("--recent", "How many recent executions to show", 10, 0, 1000);
        var max = NumberOptions.Int("--max-executions", "Most executions to count per snapshot (newest first)", 10_000, 1, 1_000_000);

        var command = new Command("watch", "Watch the state machine's executions, or follow one execution") { execution, once, interval, recent, max };
        command.SetAction(SluiceCommand.Action(host, common, async (context, cancellationToken) =>
        {
            var p = context.Parse;
            var sfn = context.StepFunctions();
            var wait = TimeSpan.FromSeconds(p.GetValue(interval));
            try
            {
                if (p.GetValue(execution) is { Length: > 0 } target)
                {
                    var arn = target.StartsWith("arn:", StringComparison.Ordinal)
                        ? target
                        : StateMachineResolver.ExecutionArn(await StateMachineResolver.ArnAsync(context, await context.StateMachineAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false), target);
                    return await FollowAsync(context, sfn, arn, p.GetValue(once), wait, cancellationToken).ConfigureAwait(false);
                }

                var machine = await StateMachineResolver.ArnAsync(context, await context.StateMachineAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                return await WatchAsync(context, sfn, machine, p.GetValue(once), wait, p.GetValue(recent), p.GetValue(max), cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException e) when (e.ErrorCode is "StateMachineDoesNotExist" or "ExecutionDoesNotExist" or "InvalidArn")
            {
                throw new CliException($"{e.ServiceMessage} ({e.ErrorCode} at {context.EndpointText})", CliException.Failure, e);
            }
        }));
        return command;
    }

    private static async Task<int> WatchAsync(CommandContext context, StepFunctionsClient sfn, string machine, bool once, TimeSpan wait, int recent, int max, CancellationToken cancellationToken)
    {
        Task<WatchSnapshot> Read() => SnapshotReader.ReadAsync(sfn, machine, recent, max, context.Host.Clock.GetUtcNow(), cancellationToken);

        // --json is for scripts: one document, as with --once.
        if (context.Terminal is { } console && !once)
        {
            var first = await Read().ConfigureAwait(false);
            await console.Live(Render(first)).StartAsync(async live =>
            {
                while (true)
                {
                    await context.Host.Delay(wait, cancellationToken).ConfigureAwait(false);
                    live.UpdateTarget(Render(await Read().ConfigureAwait(false)));
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

            if (refresh > 0)
            {
                context.Out.WriteLine();
            }

            PrintPlain(context, snapshot);
            if (once)
            {
                return 0;
            }

            await context.Host.Delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<int> FollowAsync(CommandContext context, StepFunctionsClient sfn, string arn, bool once, TimeSpan wait, CancellationToken cancellationToken)
    {
        var follower = new ExecutionFollower(sfn, arn);
        var all = new List<TraceEvent>();
        while (true)
        {
            // Describe first: a history read after a terminal status is then known to be complete.
            var described = await sfn.DescribeExecutionAsync(arn, cancellationToken).ConfigureAwait(false);
            var fresh = await follower.NextAsync(cancellationToken).ConfigureAwait(false);
            all.AddRange(fresh);
            if (!context.Json)
            {
                if (all.Count == fresh.Count)
                {
                    context.Out.WriteLine($"execution {arn}");
                }

                foreach (var e in fresh)
                {
                    context.Out.WriteLine(TraceLine(e));
                }
            }

            var done = described.Status != "RUNNING";
            if (done || once)
            {
                if (context.Json)
                {
                    var trace = new ExecutionTrace
                    {
                        ExecutionArn = arn,
                        Status = described.Status,
                        StartDate = described.StartDate,
                        StopDate = described.StopDate,
                        Error = described.Error,
                        Cause = described.Cause,
                        Events = all,
                    };
                    context.Out.WriteLine(JsonSerializer.Serialize(trace, CliJsonContext.Default.ExecutionTrace));
                }
                else
                {
                    var took = ((described.StopDate ?? context.Host.Clock.GetUtcNow()) - described.StartDate).TotalSeconds;
                    context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"status: {described.Status} after {took:F3} s")
                        + (described.Error is null ? string.Empty : $" ({described.Error}: {described.Cause})"));
                }

                return described.Status is "RUNNING" or "SUCCEEDED" ? 0 : CliException.Failure;
            }

            await context.Host.Delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string TraceLine(TraceEvent e)
    {
        var line = $"  {string.Create(CultureInfo.InvariantCulture, $"+{e.ElapsedSeconds:F3}s"),10}  {e.Type}";
        if (e.State is not null)
        {
            line += "  " + e.State;
        }

        if (e.Error is not null || e.Cause is not null)
        {
            line += $"  {e.Error}: {e.Cause}";
        }

        return line;
    }

    private static void PrintPlain(CommandContext context, WatchSnapshot s)
    {
        var counts = string.Join(", ", s.ByStatus.Select(k => $"{k.Key} {k.Value}"));
        TextOutput.KeyValues(context,
        [
            ("state machine", s.StateMachineArn),
            ("executions", string.Create(CultureInfo.InvariantCulture, $"{s.Total}{(s.Truncated ? "+" : string.Empty)}") + (counts.Length > 0 ? $" ({counts})" : string.Empty)),
            ("last minute", string.Create(CultureInfo.InvariantCulture, $"{s.StartedLastMinute} started, {s.CompletedLastMinute} completed ({s.Throughput:F2}/s)")),
        ]);
        if (s.Recent.Count == 0)
        {
            return;
        }

        context.Out.WriteLine();
        TextOutput.Table(context, ["name", "status", "started", "duration", "failed state", "error"],
            [.. s.Recent.Select(e => (IReadOnlyList<string>)[e.Name, e.Status, Time(e.StartDate), Seconds(e.DurationSeconds), e.FailedState ?? string.Empty, Error(e)])]);
    }

    private static IRenderable Render(WatchSnapshot s)
    {
        var counts = string.Join("  ", s.ByStatus.Select(k => $"[bold]{k.Key}[/] {k.Value}"));
        var table = new Table().Border(TableBorder.Rounded).AddColumns("name", "status", "started", "duration", "failed state", "error");
        foreach (var e in s.Recent)
        {
            table.AddRow(new Text(e.Name), new Markup(Status(e.Status)), new Text(Time(e.StartDate)), new Text(Seconds(e.DurationSeconds)),
                new Text(e.FailedState ?? string.Empty), new Text(Error(e)));
        }

        return new Rows(
            new Markup(Markup.Escape(s.StateMachineArn)),
            new Markup(string.Create(CultureInfo.InvariantCulture, $"{s.Total}{(s.Truncated ? "+" : string.Empty)} executions  {counts}")),
            new Markup(string.Create(CultureInfo.InvariantCulture, $"last minute: {s.StartedLastMinute} started, {s.CompletedLastMinute} completed ({s.Throughput:F2}/s)   [grey]Ctrl-C to stop[/]")),
            table);
    }

    private static string Status(string status) => status switch
    {
        "SUCCEEDED" => "[green]SUCCEEDED[/]",
        "RUNNING" => "[blue]RUNNING[/]",
        _ => $"[red]{Markup.Escape(status)}[/]",
    };

    private static string Error(ExecutionSummary e) => e.Error is null ? string.Empty : $"{e.Error}: {e.Cause}";

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static string Seconds(double seconds) => string.Create(CultureInfo.InvariantCulture, $"{seconds:F3} s");
}
