namespace Sluice.Asl.Api;

/// <summary>One execution as the service holds it at the moment it was read.</summary>
public sealed record ExecutionSnapshot(
    string ExecutionArn,
    string Name,
    string StateMachineArn,
    string StateMachineName,
    string Type,
    string Status,
    DateTimeOffset StartDate,
    DateTimeOffset? StopDate,
    string InputText,
    string? OutputText,
    string? Error,
    string? Cause,
    int RedriveCount);

public sealed partial class StepFunctionsService
{
    private long _version;

    /// <summary>
    /// Grows each time an execution starts, closes or is redriven: a reader that saw a value and sees
    /// it again knows that no execution's status changed in between.
    /// </summary>
    public long Version => Interlocked.Read(ref _version);

    private void Changed() => Interlocked.Increment(ref _version);

    /// <summary>
    /// Every execution of every state machine (a Distributed Map's child executions aside), in the
    /// order they started, for in-process readers that page and filter them without the API's JSON.
    /// </summary>
    public IReadOnlyList<ExecutionSnapshot> Executions()
    {
        List<ExecutionSnapshot> all;
        lock (_lock)
        {
            all = new List<ExecutionSnapshot>(_executions.Count);
            foreach (var machine in _machineOrder)
            {
                foreach (var e in _executionsByMachine[machine])
                {
                    var status = e.Status;
                    all.Add(new ExecutionSnapshot(e.Arn, e.Name, e.StateMachineArn, e.StateMachineName, e.Type, status, e.StartDate,
                        status == "RUNNING" ? null : e.StopDate, e.InputText, e.OutputText, e.Error, e.Cause, e.RedriveCount));
                }
            }
        }

        all.Sort((a, b) => a.StartDate.CompareTo(b.StartDate));
        return all;
    }
}
