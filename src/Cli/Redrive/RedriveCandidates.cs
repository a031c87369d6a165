using Sluice.Cli.Watch;
using Sluice.Shared.Aws;

namespace Sluice.Cli.Redrive;

/// <summary>The executions <c>sluice redrive</c> works on: the ids given, else every unsuccessful one since a time.</summary>
internal static class RedriveCandidates
{
    /// <summary>The statuses RedriveExecution accepts.</summary>
    public static readonly IReadOnlyList<string> Unsuccessful = ["FAILED", "TIMED_OUT", "ABORTED"];

    /// <summary>
    /// The state machine's FAILED, TIMED_OUT and ABORTED executions that stopped at or after
    /// <paramref name="since"/>, oldest first. ListExecutions filters one status at a time and
    /// orders by start date, and an execution started before <paramref name="since"/> may have
    /// stopped after it, so every page is read.
    /// </summary>
    public static async Task<IReadOnlyList<RedriveCandidate>> UnsuccessfulAsync(
        StepFunctionsClient sfn, string machine, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var found = new List<RedriveCandidate>();
        foreach (var status in Unsuccessful)
        {
            await foreach (var page in sfn.ListExecutionsPagesAsync(machine, status, 1000, cancellationToken).ConfigureAwait(false))
            {
                found.AddRange(page.Executions
                    .Where(e => (e.StopDate ?? e.StartDate) >= since)
                    .Select(e => new RedriveCandidate(e.ExecutionArn, e.Name, e.Status, e.StartDate)));
            }
        }

        return [.. found.OrderBy(c => c.StartDate).ThenBy(c => c.Name, StringComparer.Ordinal)];
    }

    /// <summary>
    /// An id from the command line: an execution ARN or name, or an order id (its newest execution,
    /// as <c>sluice watch</c> finds it). Null, with the reason, when it names nothing.
    /// </summary>
    public static async Task<(RedriveCandidate? Found, string? Problem)> FindAsync(
        CommandContext context, string machine, string id, CancellationToken cancellationToken)
    {
        string arn;
        try
        {
            arn = await ExecutionLocator.ArnAsync(context, machine, id, cancellationToken).ConfigureAwait(false);
        }
        catch (CliException e)
        {
            return (null, e.Message);
        }

        try
        {
            var e = await context.StepFunctions().DescribeExecutionAsync(arn, cancellationToken).ConfigureAwait(false);
            return (new RedriveCandidate(e.ExecutionArn, e.Name ?? id, e.Status, e.StartDate), null);
        }
        catch (AwsServiceException e) when (e.ErrorCode is "ExecutionDoesNotExist" or "InvalidArn")
        {
            return (null, $"{e.ErrorCode}: {e.ServiceMessage}");
        }
    }
}
