using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sluice.Cli.Replay;
using Sluice.Cli.Watch;
using Sluice.Shared.Aws;

namespace Sluice.Cli.Redrive;

/// <summary>
/// <c>sluice redrive [execution-or-order...]</c>: RedriveExecution for the state machine's FAILED,
/// TIMED_OUT and ABORTED executions. A redriven execution keeps its ARN and name and continues
/// from the states that did not succeed, so an order whose step crashed finishes once instead of
/// needing a new execution (which its event-derived name could never get).
/// </summary>
internal static class RedriveCommand
{
    public static readonly IReadOnlyList<string> Examples =
    [
        "sluice redrive --dry-run             # what would be redriven, changing nothing",
        "sluice redrive                       # every unsuccessful execution of the last 14 days",
        "sluice redrive --since -2h",
        "sluice redrive ord-b74d2555175d      # an order's execution, by order id or execution name",
        "sluice redrive --aws --stack sluice-prod --profile prod",
    ];

    /// <summary>AWS redrives an execution only within 14 days of its end, so looking further back finds only refusals.</summary>
    private const string DefaultSince = "-14d";

    public static Command Create(CliHost host, CommonOptions common)
    {
        var ids = new Argument<string[]>("execution-or-order")
        {
            Description = "Executions to redrive: names, ARNs or order ids [default: every FAILED, TIMED_OUT or ABORTED execution since --since]",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var since = new Option<string>("--since") { Description = $"Without ids: executions that stopped at or after this time, ISO-8601 or relative like -2h [default: {DefaultSince}, the period AWS allows a redrive in]", HelpName = "time" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Report what would be redriven (DescribeExecution's redrive status); redrive nothing" };
        var command = new Command("redrive", "Restart the state machine's failed, timed-out or aborted executions from the step that did not succeed (RedriveExecution)") { ids, since, dryRun };
        command.SetAction(SluiceCommand.Action(host, common, async (context, cancellationToken) =>
        {
            var given = context.Parse.GetValue(ids) ?? [];
            var sinceText = context.Parse.GetValue(since);
            if (given.Length > 0 && sinceText is not null)
            {
                throw new CliException("--since selects executions only when no ids are given; pass one or the other (see 'sluice redrive --help')", CliException.Usage);
            }

            DateTimeOffset? from = null;
            if (given.Length == 0)
            {
                from = ReplayTime.TryParse(sinceText ?? DefaultSince, host.Clock.GetUtcNow(), out var time, out var problem)
                    ? time : throw new CliException($"--since: {problem} (see 'sluice redrive --help')", CliException.Usage);
            }

            var dry = context.Parse.GetValue(dryRun);
            try
            {
                var machine = await StateMachineResolver.ArnAsync(context, await context.StateMachineAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                var sfn = context.StepFunctions();
                var results = new List<RedriveResult>();
                void Add(RedriveResult result)
                {
                    results.Add(result);
                    if (!context.Json)
                    {
                        context.Out.WriteLine(Line(result));
                    }
                }

                var candidates = from is { } start
                    ? await RedriveCandidates.UnsuccessfulAsync(sfn, machine, start, cancellationToken).ConfigureAwait(false)
                    : [];
                foreach (var candidate in candidates)
                {
                    Add(await Redriver.RunAsync(sfn, candidate, dry, cancellationToken).ConfigureAwait(false));
                }

                foreach (var id in given.Distinct(StringComparer.Ordinal))
                {
                    var (found, problem) = await RedriveCandidates.FindAsync(context, machine, id, cancellationToken).ConfigureAwait(false);
                    if (found is null)
                    {
                        Add(new RedriveResult { Execution = id, Name = id, Result = RedriveResult.NotFound, Reason = problem });
                    }
                    else if (results.All(r => r.Execution != found.ExecutionArn))
                    {
                        // An order id and its execution's name given together are one execution, redriven once.
                        Add(await Redriver.RunAsync(sfn, found, dry, cancellationToken).ConfigureAwait(false));
                    }
                }

                var report = new RedriveReport { StateMachine = machine, DryRun = dry, Since = from, Executions = results };
                Print(context, report);
                return report.NotRedriven == 0 ? 0 : CliException.Failure;
            }
            catch (AwsServiceException e) when (e.ErrorCode is "StateMachineDoesNotExist" or "InvalidArn")
            {
                throw new CliException($"{e.ServiceMessage} ({e.ErrorCode} at {context.EndpointText})", CliException.Failure, e);
            }
        }));
        return command;
    }

    internal static string Line(RedriveResult r)
    {
        var detail = r.Result switch
        {
            RedriveResult.Redriven or RedriveResult.WouldRedrive => $"was {r.Status}",
            _ when r.Status is null => r.Reason,
            _ => $"{r.Status}: {r.Reason}",
        };
        return $"{r.Result,-14}  {r.Name}  {detail}";
    }

    private static void Print(CommandContext context, RedriveReport report)
    {
        if (context.Json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(report, CliJsonContext.Default.RedriveReport));
            return;
        }

        context.Out.WriteLine(Summary(report));
        if (!report.DryRun && report.Redriven > 0)
        {
            context.Status("sluice watch follows them");
        }
    }

    internal static string Summary(RedriveReport r)
    {
        var machine = r.StateMachine[(r.StateMachine.LastIndexOf(':') + 1)..];
        if (r.Executions.Count == 0)
        {
            var since = r.Since is { } s ? " since " + s.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : string.Empty;
            return $"nothing to redrive: no {string.Join(", ", RedriveCandidates.Unsuccessful.SkipLast(1))} or {RedriveCandidates.Unsuccessful[^1]} executions of {machine}{since}";
        }

        var done = r.DryRun ? $"{r.Redriven} would be redriven" : $"{r.Redriven} redriven";
        var rest = r.Executions.Where(e => !e.Ok).GroupBy(e => e.Result).Select(g => $", {g.Count()} {g.Key}");
        return string.Create(CultureInfo.InvariantCulture, $"{r.Executions.Count} {(r.Executions.Count == 1 ? "execution" : "executions")} of {machine}: {done}{string.Concat(rest)}{(r.DryRun ? " (dry run: nothing was redriven)" : string.Empty)}");
    }
}
