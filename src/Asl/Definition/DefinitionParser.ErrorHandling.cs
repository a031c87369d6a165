using System.Text.Json.Nodes;

namespace Sluice.Asl.Definition;

internal static partial class DefinitionParser
{
    private static List<RetrierDefinition> ParseRetry(JsonObject obj, string at, List<string> errors)
    {
        var result = new List<RetrierDefinition>();
        if (!obj.TryGetPropertyValue("Retry", out var node))
        {
            return result;
        }

        if (node is not JsonArray array)
        {
            errors.Add($"SCHEMA_VALIDATION_FAILED: Expected value of type Array at {at}/Retry");
            return result;
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject r || !TryErrorEquals(r, $"{at}/Retry[{i}]", errors, out var equals))
            {
                continue;
            }

            var interval = JsonValues.TryNumber(r["IntervalSeconds"], out var iv) ? iv : 1;
            var max = JsonValues.IsInteger(r["MaxAttempts"], out var ma) ? (int)ma : 3;
            var backoff = JsonValues.TryNumber(r["BackoffRate"], out var br) ? br : 2.0;
            double? maxDelay = JsonValues.TryNumber(r["MaxDelaySeconds"], out var md) ? md : null;
            var jitter = JsonValues.TryString(r["JitterStrategy"], out var js) ? js : "NONE";
            if (interval < 1 || interval > 99999999)
            {
                errors.Add($"SCHEMA_VALIDATION_FAILED: IntervalSeconds must be between 1 and 99999999 at {at}/Retry[{i}]/IntervalSeconds");
            }

            if (max < 0 || max > 99999999)
            {
                errors.Add($"SCHEMA_VALIDATION_FAILED: MaxAttempts must be between 0 and 99999999 at {at}/Retry[{i}]/MaxAttempts");
            }

            if (backoff < 1)
            {
                errors.Add($"SCHEMA_VALIDATION_FAILED: BackoffRate must be at least 1.0 at {at}/Retry[{i}]/BackoffRate");
            }

            if (jitter is not ("FULL" or "NONE"))
            {
                errors.Add($"SCHEMA_VALIDATION_FAILED: JitterStrategy must be FULL or NONE at {at}/Retry[{i}]/JitterStrategy");
            }

            result.Add(new RetrierDefinition(equals, interval, max, backoff, maxDelay, jitter == "FULL"));
        }

        return result;
    }

    private static List<CatcherDefinition> ParseCatch(JsonObject obj, string at, List<string> errors)
    {
        var result = new List<CatcherDefinition>();
        if (obj["Catch"] is not JsonArray array)
        {
            return result;
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject c || !TryErrorEquals(c, $"{at}/Catch[{i}]", errors, out var equals))
            {
                continue;
            }

            if (!JsonValues.TryString(c["Next"], out var next))
            {
                errors.Add($"SCHEMA_VALIDATION_FAILED: These fields are required: [Next] at {at}/Catch[{i}]");
                continue;
            }

            var hasResultPath = c.TryGetPropertyValue("ResultPath", out var rp);
            result.Add(new CatcherDefinition(equals, next, JsonValues.TryString(rp, out var s) ? s : null, hasResultPath, c));
        }

        return result;
    }

    private static bool TryErrorEquals(JsonObject obj, string at, List<string> errors, out List<string> equals)
    {
        equals = [];
        if (obj["ErrorEquals"] is not JsonArray { Count: > 0 } array)
        {
            errors.Add($"SCHEMA_VALIDATION_FAILED: These fields are required: [ErrorEquals] at {at}");
            return false;
        }

        foreach (var e in array)
        {
            if (JsonValues.TryString(e, out var s))
            {
                equals.Add(s);
            }
        }

        if (equals.Contains(StatesErrors.All) && equals.Count > 1)
        {
            errors.Add($"SCHEMA_VALIDATION_FAILED: States.ALL must appear alone in ErrorEquals at {at}/ErrorEquals");
        }

        return true;
    }
}
