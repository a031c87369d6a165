using System.Text.Json;

namespace Sluice.Shared.Envelope;

/// <summary>
/// A CloudEvents 1.0 event in structured JSON mode, as Sluice writes it on the stream. Immutable:
/// every change to an order is a new event. <see cref="Data"/> is owned by the caller's
/// <see cref="JsonDocument"/>; <see cref="Json"/> is the event exactly as it was read.
/// </summary>
public sealed record CloudEvent(
    string Id,
    string Source,
    string Type,
    string? Subject,
    DateTimeOffset? Time,
    string? DataContentType,
    JsonElement Data,
    string Json)
{
    public const string SpecVersion = "1.0";

    /// <summary>
    /// The largest event accepted: SNS takes 256 KiB per message including its attributes, so the
    /// envelope keeps 6 KiB for those.
    /// </summary>
    public const int MaxBytes = 250 * 1024;
}
