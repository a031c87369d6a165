using System.Text.Json.Serialization;

namespace Sluice.Shared.Domain;

/// <summary>The domain's own boundary: event data as it appears inside the envelope.</summary>
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(OrderPlaced))]
[JsonSerializable(typeof(OrderConfirmed))]
[JsonSerializable(typeof(OrderRejected))]
public sealed partial class DomainJsonContext : JsonSerializerContext;
