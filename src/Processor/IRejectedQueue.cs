namespace Sluice.Processor;

/// <summary>Where an event the workflow must not run goes, with its reason (the stack's rejected queue).</summary>
internal interface IRejectedQueue
{
    /// <exception cref="Exception">The queue did not take it (after the client's retries).</exception>
    Task SendAsync(string eventJson, string type, string? subject, CancellationToken cancellationToken);
}
