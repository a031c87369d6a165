using System.Text.Json.Serialization;

namespace Sluice.Cli.Tests.Support;

[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
