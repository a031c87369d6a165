using System.Text.Json.Serialization;

namespace Sluice.Shared.Aws.Logs;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FilterLogEventsRequest))]
[JsonSerializable(typeof(FilterLogEventsResult))]
internal sealed partial class LogsJsonContext : JsonSerializerContext;
