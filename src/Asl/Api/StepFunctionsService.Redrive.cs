using Sluice.Asl.Execution;

namespace Sluice.Asl.Api;

public sealed partial class StepFunctionsService
{
    /// <summary>AWS's redrivable period: 14 days from the end of the execution.</summary>
    private static readonly TimeSpan RedrivablePeriod = TimeSpan.FromDays(14);

    /// <summary>AWS keeps room for ExecutionRedriven and one more event under the 25,000-event history limit.</summary>
    private const int MaxHistoryEventsToRedrive = 24_999;

    /// <summary>
    /// Whether RedriveExecution would accept the execution now, with AWS's reason when it would not
    /// (the reasons DescribeExecution documents for redriveStatusReason).
    /// </summary>
    private (string Status, string? Reason) RedriveStatus(ExecutionRecord exec)
    {
        if (exec.Status is "RUNNING" or "SUCCEEDED")
        {
            return ("NOT_REDRIVABLE", $"Execution is {exec.Status} and cannot be redriven");
        }

        if (exec.MapRunArn is not null)
        {
            return ("REDRIVABLE_BY_MAP_RUN", null);
        }

        if (exec.Type == "EXPRESS")
        {
            return ("NOT_REDRIVABLE", "Execution is of type EXPRESS and cannot be redriven");
        }

        if (!MachineExists(exec.StateMachineArn))
        {
            return ("NOT_REDRIVABLE", "State machine is in DELETING status");
        }

        if (exec.StopDate is { } stop && _options.Clock.UtcNow - stop > RedrivablePeriod)
        {
            return ("NOT_REDRIVABLE", "Execution redrivable period exceeded");
        }

        if (_options.Clock.UtcNow - exec.StartDate > TimeSpan.FromDays(365))
        {
            return ("NOT_REDRIVABLE", "Execution has exceeded the max execution time");
        }

        if (exec.History.Released || exec.History.LastId >= MaxHistoryEventsToRedrive)
        {
            return ("NOT_REDRIVABLE", "Execution history event limit exceeded");
        }

        return ("REDRIVABLE", null);
    }

    private bool MachineExists(string arn)
    {
        lock (_lock)
        {
            return _machines.ContainsKey(arn);
        }
    }
}
