using System.Text.Json.Serialization;

namespace Sluice.Shared.Runtime;

[JsonSerializable(typeof(ErrorBody))]
internal sealed partial class RuntimeJsonContext : JsonSerializerContext;
