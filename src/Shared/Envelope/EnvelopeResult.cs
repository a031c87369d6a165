using System.Diagnostics.CodeAnalysis;

namespace Sluice.Shared.Envelope;

/// <summary>Either a valid event or the first problem that makes it invalid.</summary>
public readonly record struct EnvelopeResult(CloudEvent? Event, string? Problem)
{
    [MemberNotNullWhen(true, nameof(Event))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool IsValid => Event is not null;
}
