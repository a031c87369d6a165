using System.Text.Json.Nodes;

namespace Sluice.Infra.Tests.Rules;

/// <summary>
/// The order-fulfilment workflow against docs/contracts.md: each Orchestrator action gets exactly
/// its request fields, the happy path confirms, typed errors compensate and reject, and any other
/// error fails the execution with its Error and Cause.
/// </summary>
internal static class OrderFulfilmentRules
{
    private static readonly Dictionary<string, string[]> s_requestFields = new(StringComparer.Ordinal)
    {
        ["validate"] = ["action", "order"],
        ["reserve-stock"] = ["action", "orderId", "line"],
        ["release-stock"] = ["action", "orderId", "lines"],
        ["authorize-payment"] = ["action", "orderId", "paymentToken", "amount", "currency"],
        ["record-outcome:confirmed"] = ["action", "orderId", "customerId", "outcome", "causationId", "total", "currency", "authorizationId"],
        ["record-outcome:rejected"] = ["action", "orderId", "order", "outcome", "causationId", "reason"],
    };

    public static IReadOnlyList<string> PayloadViolations(JsonObject machine)
    {
        var violations = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, _, state) in AslRules.AllStates(machine).Where(s => s.State["Type"]?.GetValue<string>() == "Task"))
        {
            var payload = state["Parameters"]?["Payload"] as JsonObject ?? [];
            var step = StepOf(state);
            if (!s_requestFields.TryGetValue(step, out var expected))
            {
                violations.Add($"{path}: '{step}' is not an Orchestrator action of docs/contracts.md");
                continue;
            }

            seen.Add(step);
            var actual = payload.Select(p => FieldName(p.Key)).Order(StringComparer.Ordinal).ToList();
            if (!actual.SequenceEqual(expected.Order(StringComparer.Ordinal)))
            {
                violations.Add($"{path}: {step} sends [{string.Join(", ", actual)}], the contract says [{string.Join(", ", expected)}]");
            }

            if (step == "record-outcome:rejected")
            {
                var reason = (payload["reason"] as JsonObject ?? []).Select(p => FieldName(p.Key)).Order(StringComparer.Ordinal);
                if (!reason.SequenceEqual(["cause", "error"]))
                {
                    violations.Add($"{path}: reason must be {{error, cause}}");
                }
            }
        }

        violations.AddRange(s_requestFields.Keys.Where(k => !seen.Contains(k)).Select(k => $"$: no Task performs {k}"));
        return violations;
    }

    /// <summary>The typed errors by which the workflow refuses an order (src/Orchestrator/ErrorTypes.cs); each is caught and recorded as order.rejected.</summary>
    private static readonly string[] s_refusals = ["ValidationFailed", "OutOfStock", "PaymentDeclined"];

    public static IReadOnlyList<string> RouteViolations(JsonObject machine)
    {
        var violations = new List<string>();
        var states = machine["States"] as JsonObject ?? [];
        var start = machine["StartAt"]?.GetValue<string>() ?? "";

        Expect(violations, "the happy path", Follow(states, start), ["validate", "parallel", "record-outcome:confirmed"], "Succeed");
        ExpectCaught(violations, states, "validate", "ValidationFailed", ["record-outcome:rejected"]);
        ExpectCaught(violations, states, "parallel", "OutOfStock", ["release-stock", "record-outcome:rejected"]);
        ExpectCaught(violations, states, "parallel", "PaymentDeclined", ["release-stock", "record-outcome:rejected"]);

        foreach (var (path, _, state) in AslRules.AllStates(machine))
        {
            // Only the workflow's refusals are caught: a crash or an unknown error fails the execution at its own
            // step, where a redrive restarts it. Caught (States.ALL into a Fail state), a redrive would rerun only the Fail state.
            foreach (var error in (state["Catch"] as JsonArray ?? []).OfType<JsonObject>()
                .SelectMany(c => (c["ErrorEquals"] as JsonArray ?? []).Select(e => e?.GetValue<string>() ?? ""))
                .Where(e => !s_refusals.Contains(e)))
            {
                violations.Add($"{path}: catches {error}; only the workflow's refusals ({string.Join(", ", s_refusals)}) may be caught, so that a crash or unknown error fails the execution at this step and a redrive restarts it there");
            }

            if (state["Type"]?.GetValue<string>() == "Fail" && ((state["Error"] ?? state["ErrorPath"]) is null || (state["Cause"] ?? state["CausePath"]) is null))
            {
                violations.Add($"{path}: a Fail state must say its Error and Cause (or ErrorPath and CausePath)");
            }
        }

        if (!AslRules.AllStates(machine).Any(s =>
                s.State["Type"]?.GetValue<string>() == "Map" &&
                CfnInt(s.State["MaxConcurrency"]) is > 0 &&
                AslRules.AllStates(s.State["ItemProcessor"] as JsonObject ?? []).Any(i => StepOf(i.State) == "reserve-stock")))
        {
            violations.Add("$: reserve-stock must run per line in a Map with a MaxConcurrency");
        }

        return violations;
    }

    /// <summary>The steps met following Next from a state until the route ends.</summary>
    public static (IReadOnlyList<string> Steps, string End) Follow(JsonObject states, string from)
    {
        var steps = new List<string>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        for (var name = from; visited.Add(name);)
        {
            if (states[name] is not JsonObject state)
            {
                return (steps, $"missing state '{name}'");
            }

            var type = state["Type"]?.GetValue<string>() ?? "";
            if (type is "Succeed" or "Fail")
            {
                return (steps, type);
            }

            steps.Add(StepOf(state));
            if (state["Next"]?.GetValue<string>() is not { } next)
            {
                return (steps, "End");
            }

            name = next;
        }

        return (steps, "loop");
    }

    private static void ExpectCaught(List<string> violations, JsonObject states, string step, string error, string[] expected)
    {
        var catcher = states.Select(s => s.Value as JsonObject).OfType<JsonObject>()
            .Where(s => StepOf(s) == step)
            .SelectMany(s => (s["Catch"] as JsonArray ?? []).OfType<JsonObject>())
            .FirstOrDefault(c => (c["ErrorEquals"] as JsonArray ?? []).Any(e => e?.GetValue<string>() == error));
        if (catcher is null)
        {
            violations.Add($"$: {error} is not caught on the {step} state");
            return;
        }

        Expect(violations, $"after {error}", Follow(states, catcher["Next"]?.GetValue<string>() ?? ""), expected, "Succeed");
    }

    private static void Expect(List<string> violations, string what, (IReadOnlyList<string> Steps, string End) route, string[] steps, string end)
    {
        if (!route.Steps.SequenceEqual(steps) || route.End != end)
        {
            violations.Add($"$: {what} runs [{string.Join(", ", route.Steps)}] then {route.End}; expected [{string.Join(", ", steps)}] then {end}");
        }
    }

    private static string StepOf(JsonObject state)
    {
        var type = state["Type"]?.GetValue<string>() ?? "";
        if (type != "Task")
        {
            return type.ToLowerInvariant();
        }

        var payload = state["Parameters"]?["Payload"] as JsonObject ?? [];
        var action = payload["action"] is JsonValue a && a.TryGetValue<string>(out var s) ? s : "<no literal action>";
        return action == "record-outcome" && payload["outcome"] is JsonValue o && o.TryGetValue<string>(out var outcome)
            ? $"{action}:{outcome}"
            : action;
    }

    private static string FieldName(string key) => key.EndsWith(".$", StringComparison.Ordinal) ? key[..^2] : key;

    private static int? CfnInt(JsonNode? node) => node is JsonValue v && v.TryGetValue<int>(out var n) ? n : null;
}
