using System.CommandLine;
using Sluice.Shared.Aws;

namespace Sluice.Cli.Watch;

/// <summary>
/// <c>sluice watch</c>: a live view of the state machine's executions, each with its order and
/// outcome; <c>sluice watch &lt;execution or order&gt;</c> follows one execution, its Parallel
/// branches and Map iterations as lanes. <c>--once</c> prints one view and exits.
/// </summary>
internal static partial class WatchCommand
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
        var target = new Argument<string?>("execution")
        {
            Description = "An execution name or ARN, or an order id, to follow state by state",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var once = new Option<bool>("--once") { Description = "Print one view and exit (for scripts and tests)" };
        var events = new Option<bool>("--events") { Description = "With an execution: every history event on its own line, as it happens, instead of the steps" };
        var interval = NumberOptions.Double("--interval", "Seconds between refreshes", 2, 0.1, 3600);
        var recent = NumberOptions.OptionalInt("--recent", "How many recent executions to show [default: as many as the terminal holds, else 10]", 0, 1000);
        var max = NumberOptions.Int("--max-executions", "Most executions to count per view (newest first)", 10_000, 1, 1_000_000);

        var command = new Command("watch", "Watch the state machine's executions (order, outcome, where an error arose), or follow one execution or order")
        {
            target, once, events, interval, recent, max,
        };
        command.SetAction(SluiceCommand.Action(host, common, async (context, cancellationToken) =>
        {
            var p = context.Parse;
            var wait = TimeSpan.FromSeconds(p.GetValue(interval));
            try
            {
                var machine = await StateMachineResolver.ArnAsync(context, await context.StateMachineAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                if (p.GetValue(target) is { Length: > 0 } given)
                {
                    var arn = await ExecutionLocator.ArnAsync(context, machine, given, cancellationToken).ConfigureAwait(false);
                    return await FollowAsync(context, arn, p.GetValue(once), p.GetValue(events), wait, cancellationToken).ConfigureAwait(false);
                }

                var rows = p.GetValue(recent) ?? (context.Size is { } size ? Math.Max(1, size.Height - WatchView.SnapshotChrome) : 10);
                return await WatchAsync(context, machine, p.GetValue(once), wait, rows, p.GetValue(max), cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException e) when (e.ErrorCode is "StateMachineDoesNotExist" or "ExecutionDoesNotExist" or "InvalidArn")
            {
                throw new CliException($"{e.ServiceMessage} ({e.ErrorCode} at {context.EndpointText})", CliException.Failure, e);
            }
        }));
        return command;
    }
}
