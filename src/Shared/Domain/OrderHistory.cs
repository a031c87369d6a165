using Sluice.Shared.Envelope;

namespace Sluice.Shared.Domain;

/// <summary>The fold's answer: the state, the distinct events in stream order, and how many duplicates were dropped.</summary>
public sealed record OrderHistory(OrderState State, IReadOnlyList<CloudEvent> Events, int Duplicates);
