using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Sluice.Infra.Tests.Rules;

/// <summary>
/// How every Task calls the Orchestrator: the optimised lambda:invoke integration with a Payload and
/// a ResultSelector, the function ARN from a substitution, Lambda's transient errors retried
/// with capped, jittered backoff, and a crashed, out-of-memory or timed-out function retried too
/// (the actions are idempotent per order and step, so a retry after a crash is safe).
/// </summary>
internal static partial class LambdaTaskRules
{
    public const string LambdaInvoke = "arn:aws:states:::lambda:invoke";

    public static readonly IReadOnlyList<string> TransientErrors =
    [
        "Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException",
    ];

    /// <summary>How Lambda reports a function whose process died, ran out of memory or timed out.</summary>
    public static readonly IReadOnlyList<string> CrashErrors =
    [
        "Lambda.Unknown", "Runtime.ExitError", "Runtime.OutOfMemory", "Runtime.Unknown", "Sandbox.Timedout",
    ];

    public static IReadOnlyList<string> Violations(JsonObject machine)
    {
        var violations = new List<string>();
        foreach (var (path, _, state) in AslRules.AllStates(machine).Where(s => s.State["Type"]?.GetValue<string>() == "Task"))
        {
            if (state["Resource"]?.GetValue<string>() != LambdaInvoke)
            {
                violations.Add($"{path}: Resource must be {LambdaInvoke}");
            }

            var parameters = state["Parameters"] as JsonObject;
            if (parameters?["FunctionName"]?.GetValue<string>() is not { } function || !SubstitutionOnly().IsMatch(function))
            {
                violations.Add($"{path}: Parameters.FunctionName must be a single ${{...}} substitution");
            }

            if (parameters?["Payload"] is not JsonObject)
            {
                violations.Add($"{path}: Parameters.Payload must be an object");
            }

            if (state["ResultSelector"] is not JsonObject)
            {
                violations.Add($"{path}: needs a ResultSelector (keeps the Lambda envelope out of the state)");
            }

            var retriers = (state["Retry"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            var crash = retriers.FirstOrDefault(r => CrashErrors.All(e => (r["ErrorEquals"] as JsonArray ?? []).Any(n => n?.GetValue<string>() == e)));
            if (crash is null)
            {
                violations.Add($"{path}: no retrier for a crashed function ({string.Join(", ", CrashErrors)})");
            }
            else if (Number(crash["BackoffRate"]) is not > 1 || Number(crash["MaxAttempts"]) is not >= 2)
            {
                violations.Add($"{path}: the crash retrier needs BackoffRate > 1 and MaxAttempts >= 2");
            }

            var transient = retriers.FirstOrDefault(r =>
                TransientErrors.All(e => (r["ErrorEquals"] as JsonArray ?? []).Any(n => n?.GetValue<string>() == e)));
            if (transient is null)
            {
                violations.Add($"{path}: no retrier for {string.Join(", ", TransientErrors)}");
                continue;
            }

            var before = violations.Count;
            if (Number(transient["BackoffRate"]) is not > 1)
            {
                violations.Add($"{path}: the transient retrier needs BackoffRate > 1");
            }

            if (transient["MaxDelaySeconds"] is null)
            {
                violations.Add($"{path}: the transient retrier needs MaxDelaySeconds");
            }

            if (transient["JitterStrategy"]?.GetValue<string>() != "FULL")
            {
                violations.Add($"{path}: the transient retrier needs JitterStrategy FULL");
            }

            if (violations.Count == before && ExpectedRetrySeconds(transient) is var patience && patience < MinimumPatienceSeconds)
            {
                violations.Add($"{path}: the transient retrier gives up after {patience:0.#} s on average; a burst of Lambda throttling needs at least {MinimumPatienceSeconds} s");
            }
        }

        return violations;
    }

    /// <summary>
    /// How long the transient retrier keeps an execution alive on average before it fails: under a
    /// throttling burst (account concurrency reached) shorter patience turns queueing into failed
    /// executions, i.e. orders without an outcome.
    /// </summary>
    public const int MinimumPatienceSeconds = 45;

    /// <summary>The sum of the mean FULL-jitter delays: each retry waits uniformly up to min(Interval x Backoff^k, MaxDelay).</summary>
    public static double ExpectedRetrySeconds(JsonObject retrier)
    {
        var interval = Number(retrier["IntervalSeconds"]) ?? 1;
        var attempts = (int)(Number(retrier["MaxAttempts"]) ?? 3);
        var backoff = Number(retrier["BackoffRate"]) ?? 2;
        var cap = Number(retrier["MaxDelaySeconds"]) ?? double.MaxValue;
        var total = 0.0;
        for (var k = 0; k < attempts; k++)
        {
            total += Math.Min(interval * Math.Pow(backoff, k), cap) / 2;
        }

        return total;
    }

    private static double? Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture)
            : null;

    [GeneratedRegex(@"^\$\{[A-Za-z0-9]+\}$")]
    private static partial Regex SubstitutionOnly();
}
