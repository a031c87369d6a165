using System.Text.Json.Nodes;

namespace Sluice.Asl.Definition;

internal sealed record CatcherDefinition(IReadOnlyList<string> ErrorEquals, string Next, string? ResultPath, bool HasResultPath, JsonObject Raw);
