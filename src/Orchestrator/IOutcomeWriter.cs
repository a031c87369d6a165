namespace Sluice.Orchestrator;

/// <summary>Appends one event to the order stream.</summary>
internal interface IOutcomeWriter
{
    /// <exception cref="Exception">The record was not written (after the client's retries).</exception>
    Task<AppendResult> AppendAsync(string partitionKey, byte[] data, CancellationToken cancellationToken);
}

internal sealed record AppendResult(string ShardId, string SequenceNumber);
