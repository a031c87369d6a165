using System.Text.Json.Nodes;
using Sluice.Asl.Definition;
using Sluice.Asl.Query;

namespace Sluice.Asl.Execution;

internal sealed partial class ExecutionEngine
{
    // AWS refuses a wait longer than a 32-bit count of seconds (the recorded boundary is 24855 days).
    private const long MaxWaitSeconds = int.MaxValue;

    private async Task<(JsonNode? Output, IReadOnlyList<KeyValuePair<string, JsonNode?>>? Assigned)> WaitAsync(
        StateRun run, IQueryLanguage ql, JsonNode? input, CancellationToken ct)
    {
        var effective = ql.EffectiveInput(run, input, applyParameters: false);
        TimeSpan delay;
        var seconds = ql.FieldValue(run, effective, "Seconds", out var hasSeconds, out var secondsFromPath);
        if (hasSeconds)
        {
            var path = run.State.String("SecondsPath");
            if (!JsonValues.TryNumber(seconds, out var d) || d != Math.Floor(d))
            {
                throw secondsFromPath
                    ? run.Runtime($"The SecondsPath parameter cannot be parsed as a long value: {path} == {JsonValues.ToJson(seconds)}")
                    : run.Runtime("The Seconds field must be a non-negative integer.");
            }

            JsonValues.IsInteger(seconds, out var s);
            if (s < 0)
            {
                throw secondsFromPath
                    ? run.Runtime($"The SecondsPath parameter references a negative value: {path} == {JsonValues.ToJson(seconds)}")
                    : run.Runtime("The Seconds field must be a non-negative integer.");
            }

            if (s > MaxWaitSeconds)
            {
                throw run.Runtime("Wait state delay is too long.");
            }

            delay = TimeSpan.FromSeconds(s);
        }
        else
        {
            var stamp = ql.FieldValue(run, effective, "Timestamp", out _, out var stampFromPath);
            if (!JsonValues.TryString(stamp, out var text) || !Timestamps.TryParse(text, out var at))
            {
                if (run.State.QueryLanguage == QueryLanguageKind.Jsonata)
                {
                    throw JsonataLanguage.QueryError(run, "Timestamp", $"The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: {text ?? JsonValues.ToJson(stamp)}", afterEntered: true);
                }

                throw stampFromPath
                    ? run.Runtime($"The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: {run.State.String("TimestampPath")} == {JsonValues.ToJson(stamp)}")
                    : run.Runtime($"The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: {text}");
            }

            delay = at - Options.Clock.UtcNow;
            if (delay.TotalSeconds > MaxWaitSeconds)
            {
                throw run.Runtime("Wait state delay is too long.");
            }
        }

        await Options.Clock.DelayAsync(delay, ct).ConfigureAwait(false);
        var assigned = run.State.Field("Assign") is { } assign ? ql.Assign(run, assign, effective) : null;
        return (ql.StateOutput(run, input, effective, applyResultSelector: false), assigned);
    }
}
