using Sluice.Shared.Aws;

namespace Sluice.Processor;

/// <summary>Starts executions with Step Functions StartExecution; reads an existing one's input with DescribeExecution.</summary>
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

    public async Task<ExistingExecution?> DescribeAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var described = await stepFunctions.DescribeExecutionAsync(StepFunctionsClient.ExecutionArn(stateMachineArn, name), cancellationToken).ConfigureAwait(false);
            return new ExistingExecution(described.ExecutionArn, described.Input);
        }
        catch (AwsServiceException exception) when (exception.ErrorCode == "ExecutionDoesNotExist")
        {
            return null;
        }
    }
}
