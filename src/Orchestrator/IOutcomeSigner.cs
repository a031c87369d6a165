namespace Sluice.Orchestrator;

/// <summary>Signs an outcome event's message (<see cref="Shared.Domain.OutcomeSignature.Message"/>) with the workflow's key.</summary>
internal interface IOutcomeSigner
{
    /// <exception cref="Exception">No signature (after the client's retries): the outcome is not recorded.</exception>
    Task<byte[]> MacAsync(byte[] message, CancellationToken cancellationToken);
}
