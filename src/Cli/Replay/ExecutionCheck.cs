using Sluice.Shared.Aws;
using Sluice.Shared.Domain;

namespace Sluice.Cli.Replay;

/// <summary>
/// How far each found order got before the replay: DescribeExecution on the name the Processor
/// gives the event's execution. No execution means not yet started; RUNNING (or waiting for a
/// redrive) means in progress; SUCCEEDED means done; FAILED, TIMED_OUT and ABORTED mean failed. A
/// replayed start is refused for done and failed alike: the name is used; `sluice redrive`
/// restarts a failed one from the failed step.
/// </summary>
internal static class ExecutionCheck
{
    public const string DoesNotExist = "ExecutionDoesNotExist";

    /// <summary>One execution's status by its name: null when there is none.</summary>
    public delegate Task<string?> StatusLookup(string executionName, CancellationToken cancellationToken);

    public static StatusLookup Using(StepFunctionsClient stepFunctions, string stateMachineArn) =>
        async (name, cancellationToken) =>
        {
            try
            {
                var execution = await stepFunctions.DescribeExecutionAsync(StepFunctionsClient.ExecutionArn(stateMachineArn, name), cancellationToken)
                    .ConfigureAwait(false);
                return execution.Status;
            }
            catch (AwsServiceException e) when (e.ErrorCode == DoesNotExist)
            {
                return null;
            }
        };

    public static ExecutionProgress Classify(string? status) => status switch
    {
        null => ExecutionProgress.NotStarted,
        "RUNNING" or "PENDING_REDRIVE" => ExecutionProgress.InProgress,
        "SUCCEEDED" => ExecutionProgress.Done,
        _ => ExecutionProgress.Failed,
    };

    public static async Task<IReadOnlyList<ExecutionProgress>> CheckAsync(IReadOnlyList<PlacedRecord> placed, StatusLookup lookup, CancellationToken cancellationToken)
    {
        var progress = new ExecutionProgress[placed.Count];
        for (var i = 0; i < placed.Count; i++)
        {
            progress[i] = Classify(await lookup(ExecutionName.For(placed[i].Source, placed[i].EventId), cancellationToken).ConfigureAwait(false));
        }

        return progress;
    }
}
