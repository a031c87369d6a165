using System.Text.Json.Serialization;

namespace Sluice.Shared.Domain;

/// <summary>Why an order was rejected: the typed error (ValidationFailed, OutOfStock, PaymentDeclined) and the failing step's message.</summary>
public sealed record RejectionReason(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("cause")] string? Cause);
