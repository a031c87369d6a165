using System.Text.Json;
using Sluice.Shared.Aws;
using Sluice.Shared.Executions;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Sluice.Cli.Watch;

internal static partial class WatchCommand
{
    /// <summary>
    /// Follows one execution until it stops: on a terminal its steps redrawn live; redirected, the
    /// steps once it has stopped (or, with --events, each event as it happens). Exit code 1 when it
    /// failed, timed out or was aborted.
    /// </summary>
    private static async Task<int> FollowAsync(CommandContext context, string arn, bool once, bool events, TimeSpan wait, CancellationToken cancellationToken)
    {
        var sfn = context.StepFunctions();
        var follower = new ExecutionFollower(sfn, arn);
        var width = context.Size?.Width;
        ExecutionTrace? last = null;
        ExecutionSteps? lastSteps = null;

        async Task<(ExecutionTrace Trace, ExecutionSteps Steps, IReadOnlyList<HistoryEvent> Fresh)> ReadAsync()
        {
            // Describe first: a history read after a terminal status is then known to be complete.
            var described = await sfn.DescribeExecutionAsync(arn, cancellationToken).ConfigureAwait(false);
            var fresh = await follower.NextAsync(cancellationToken).ConfigureAwait(false);
            var ended = described.Status is not ("RUNNING" or "PENDING_REDRIVE");
            var (_, error, cause) = ExecutionData.Outcome(described);
            var steps = ExecutionSteps.Build(follower.All, ended, (error, cause));
            (last, lastSteps) = (Trace(described, steps, context.Host.Clock.GetUtcNow()), steps);
            return (last, steps, fresh);
        }

        var live = context.Terminal is { } console && !once && !events;
        try
        {
            if (live)
            {
                var (trace, steps, _) = await ReadAsync().ConfigureAwait(false);
                await context.Terminal!.Live(Render(trace, steps, width)).StartAsync(async display =>
                {
                    while (trace.Outcome is null)
                    {
                        await context.Host.Delay(wait, cancellationToken).ConfigureAwait(false);
                        (trace, steps, _) = await ReadAsync().ConfigureAwait(false);
                        display.UpdateTarget(Render(trace, steps, width));
                    }
                }).ConfigureAwait(false);
                return ExitCode(trace);
            }

            var announced = false;
            while (true)
            {
                var (trace, steps, fresh) = await ReadAsync().ConfigureAwait(false);
                if (events && !context.Json)
                {
                    if (!announced)
                    {
                        context.Out.WriteLine($"execution {arn}");
                    }

                    var seen = fresh.Select(e => e.Id).ToHashSet();
                    foreach (var e in steps.Events.Where(e => seen.Contains(e.Id)))
                    {
                        context.Out.WriteLine(WatchView.EventLine(e, steps, width));
                    }
                }
                else if (!announced && trace.Outcome is null && !once)
                {
                    context.Status($"following {trace.Name} until it stops (Ctrl-C stops)");
                }

                announced = true;
                if (trace.Outcome is not null || once)
                {
                    Print(context, trace, steps, events, width);
                    return ExitCode(trace);
                }

                await context.Host.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && last is not null && !live && !events)
        {
            // Ctrl-C: what is known so far, then the usual exit code 130.
            Print(context, last, lastSteps!, events, width);
            throw;
        }
    }

    private static void Print(CommandContext context, ExecutionTrace trace, ExecutionSteps steps, bool events, int? width)
    {
        if (context.Json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(trace, CliJsonContext.Default.ExecutionTrace));
        }
        else if (events)
        {
            context.Out.WriteLine(FittedTable.Fit($"status: {trace.Status} after {WatchView.Seconds(trace.DurationSeconds)}" + (trace.Error is null ? string.Empty : $" ({trace.Error}: {trace.Cause})"), width));
        }
        else if (context.Terminal is { } console)
        {
            console.Write(Render(trace, steps, width));
        }
        else
        {
            foreach (var line in WatchView.Trace(trace, steps, width))
            {
                context.Out.WriteLine(line);
            }
        }
    }

    private static ExecutionTrace Trace(DescribeExecutionResult d, ExecutionSteps steps, DateTimeOffset now)
    {
        var (outcome, error, cause) = ExecutionData.Outcome(d);
        var failed = outcome is null or "confirmed" ? null : steps.FailedStep(error);
        return new ExecutionTrace
        {
            ExecutionArn = d.ExecutionArn,
            Name = d.Name ?? d.ExecutionArn[(d.ExecutionArn.LastIndexOf(':') + 1)..],
            OrderId = ExecutionData.OrderId(d.Input),
            Status = d.Status,
            Outcome = outcome,
            StartDate = d.StartDate,
            StopDate = d.StopDate,
            DurationSeconds = ExecutionInspector.Duration(d.StartDate, d.StopDate, now),
            Error = error,
            Cause = cause ?? failed?.Cause,
            FailedState = failed?.State,
            CatchingState = outcome == "rejected" ? steps.CatchingStep?.State : null,
            Lanes = steps.Lanes,
            Steps = steps.Steps,
            Events = steps.Events,
        };
    }

    private static int ExitCode(ExecutionTrace trace) => trace.Outcome is null or "confirmed" or "rejected" ? 0 : CliException.Failure;

    private static IRenderable Render(ExecutionTrace trace, ExecutionSteps steps, int? width) =>
        new Rows(WatchView.Trace(trace, steps, width).Select(line => new Text(line, LineStyle(line))).Append<IRenderable>(
            new Markup(trace.Outcome is null ? "[grey]running; Ctrl-C stops[/]" : string.Empty)));

    private static Style LineStyle(string line) =>
        line.Contains("  failed", StringComparison.Ordinal) ? new Style(Color.Red)
        : line.Contains("  caught", StringComparison.Ordinal) ? new Style(Color.Yellow)
        : line.Contains("  running", StringComparison.Ordinal) ? new Style(Color.Blue)
        : Style.Plain;
}
