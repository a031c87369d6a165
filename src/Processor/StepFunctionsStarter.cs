using Sluice.Shared.Aws;

namespace Sluice.Processor;

/// <summary>Starts executions with Step Functions StartExecution.</summary>
internal sealed class StepFunctionsStarter(StepFunctionsClient stepFunctions, string stateMachineArn) : IExecutionStarter
{
    public async Task<StartOutcome> StartAsync(string name, string input, CancellationToken cancellationToken)
    {
        try
        {
            await stepFunctions.StartExecutionAsync(stateMachineArn, name, input, cancellationToken).ConfigureAwait(false);
            return StartOutcome.Started;
        }
        catch (AwsServiceException exception) when (exception.ErrorCode == "ExecutionAlreadyExists")
        {
            return StartOutcome.AlreadyExists;
        }
    }
}
