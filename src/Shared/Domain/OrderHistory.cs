using Sluice.Shared.Envelope;

namespace Sluice.Shared.Domain;

/// <summary>
/// The fold's answer: the state, the distinct events in stream order, how many duplicates were dropped,
/// and the outcome events left out because they are not the workflow's (with the reason).
/// </summary>
public sealed record OrderHistory(OrderState State, IReadOnlyList<CloudEvent> Events, int Duplicates)
{
    public IReadOnlyList<(CloudEvent Event, string Reason)> Untrusted { get; init; } = [];
}
