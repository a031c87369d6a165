using System.Text.Json.Serialization;

namespace Sluice.Orchestrator;

internal sealed record ValidateResult(string OrderId, string CustomerId, string Currency, decimal Total, int LineCount);

internal sealed record ReservationResult(string ReservationId, string Sku, decimal Quantity);

internal sealed record ReleaseResult(string OrderId, int Released);

internal sealed record AuthorizationResult(string AuthorizationId, decimal Amount, string Currency);

internal sealed record OutcomeResult(string EventId, string ShardId, string SequenceNumber);

/// <summary>The boundary with the state machine: what each action returns as the task's result.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ValidateResult))]
[JsonSerializable(typeof(ReservationResult))]
[JsonSerializable(typeof(ReleaseResult))]
[JsonSerializable(typeof(AuthorizationResult))]
[JsonSerializable(typeof(OutcomeResult))]
internal sealed partial class OrchestratorJsonContext : JsonSerializerContext;
