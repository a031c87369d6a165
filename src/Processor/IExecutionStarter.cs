namespace Sluice.Processor;

/// <summary>Starts a workflow execution.</summary>
internal interface IExecutionStarter
{
    /// <returns><see cref="StartOutcome.Started"/>, or <see cref="StartOutcome.AlreadyExists"/> when Step Functions answered ExecutionAlreadyExists.</returns>
    /// <exception cref="Exception">Any other failure (after the client's retries).</exception>
    Task<StartOutcome> StartAsync(string name, string input, CancellationToken cancellationToken);
}

internal enum StartOutcome
{
    Started,
    AlreadyExists,
}
