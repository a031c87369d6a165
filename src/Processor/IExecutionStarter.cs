namespace Sluice.Processor;

/// <summary>Starts a workflow execution, and reads what an existing one was started with.</summary>
internal interface IExecutionStarter
{
    /// <returns><see cref="StartOutcome.Started"/>, or <see cref="StartOutcome.AlreadyExists"/> when Step Functions answered ExecutionAlreadyExists.</returns>
    /// <exception cref="Exception">Any other failure (after the client's retries).</exception>
    Task<StartOutcome> StartAsync(string name, string input, CancellationToken cancellationToken);

    /// <returns>The execution <paramref name="name"/> (its ARN and input), or null when there is none.</returns>
    /// <exception cref="Exception">Any other failure (after the client's retries).</exception>
    Task<ExistingExecution?> DescribeAsync(string name, CancellationToken cancellationToken);
}

internal sealed record ExistingExecution(string Arn, string? Input);

internal enum StartOutcome
{
    Started,

    /// <summary>An execution of that name exists; a duplicate when it was started with the same event.</summary>
    AlreadyExists,

    /// <summary>An execution of that name exists for different content under the same (source, id): sent to the rejected queue.</summary>
    Conflict,
}
