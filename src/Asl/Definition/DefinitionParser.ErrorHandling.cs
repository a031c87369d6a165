using System.Text.Json.Nodes;

namespace Sluice.Asl.Definition;

internal static partial class DefinitionParser
{
    private static List<RetrierDefinition> BuildRetry(JsonObject obj) =>
        obj["Retry"] is JsonArray array
            ? [.. array.Select(r => r!.AsObject()).Select(r => new RetrierDefinition(
                ErrorEquals(r),
                JsonValues.TryNumber(r["IntervalSeconds"], out var interval) ? interval : 1,
                JsonValues.IsInteger(r["MaxAttempts"], out var max) ? (int)max : 3,
                JsonValues.TryNumber(r["BackoffRate"], out var backoff) ? backoff : 2.0,
                JsonValues.TryNumber(r["MaxDelaySeconds"], out var maxDelay) ? maxDelay : null,
                JsonValues.TryString(r["JitterStrategy"], out var jitter) && jitter == "FULL"))]
            : [];

    private static List<CatcherDefinition> BuildCatch(JsonObject obj) =>
        obj["Catch"] is JsonArray array
            ? [.. array.Select(c => c!.AsObject()).Select(c => new CatcherDefinition(
                ErrorEquals(c),
                c["Next"]!.GetValue<string>(),
                JsonValues.TryString(c["ResultPath"], out var resultPath) ? resultPath : null,
                c.ContainsKey("ResultPath"),
                c))]
            : [];

    private static List<string> ErrorEquals(JsonObject handler) => [.. handler["ErrorEquals"]!.AsArray().Select(e => e!.GetValue<string>())];
}
