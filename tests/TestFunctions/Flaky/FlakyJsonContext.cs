using System.Text.Json.Serialization;

namespace Sluice.Flaky;

/// <summary>The one value Flaky writes that is not an event response: an environment variable's value.</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class FlakyJsonContext : JsonSerializerContext;
