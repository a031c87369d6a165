using System.Text.Json.Serialization;

namespace Sluice.Shared.Events;

/// <summary>The boundary between Lambda and the functions: the events they receive and the responses they return.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.Unspecified)]
[JsonSerializable(typeof(KinesisEvent))]
[JsonSerializable(typeof(SqsEvent))]
[JsonSerializable(typeof(BatchResponse))]
public sealed partial class EventsJsonContext : JsonSerializerContext;
