using System.Text.Json.Nodes;

namespace Sluice.Infra.Tests.Rules;

/// <summary>Structural checks of an Amazon States Language definition, nested Map and Parallel scopes included.</summary>
internal static class AslRules
{
    public static readonly IReadOnlySet<string> TypedErrors = new HashSet<string>(StringComparer.Ordinal)
    {
        "ValidationFailed", "OutOfStock", "PaymentDeclined", "OutcomeNotRecorded",
    };

    public static readonly IReadOnlySet<string> StatesErrors = new HashSet<string>(StringComparer.Ordinal)
    {
        "States.ALL", "States.BranchFailed", "States.DataLimitExceeded", "States.ExceedToleratedFailureThreshold",
        "States.HeartbeatTimeout", "States.Http.Socket", "States.IntrinsicFailure", "States.ItemReaderFailed",
        "States.NoChoiceMatched", "States.ParameterPathFailure", "States.Permissions", "States.QueryEvaluationError",
        "States.ResultPathMatchFailure", "States.ResultWriterFailed", "States.Runtime", "States.TaskFailed",
        "States.Timeout",
    };

    public static readonly IReadOnlySet<string> LambdaErrors = new HashSet<string>(StringComparer.Ordinal)
    {
        "Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException",
        "Lambda.TooManyRequestsException", "Lambda.ClientExecutionTimeoutException", "Lambda.Unknown",
    };

    /// <summary>The error types the Lambda service itself puts in a failed invocation's payload (a process that died, ran out of memory, timed out).</summary>
    public static readonly IReadOnlySet<string> LambdaRuntimeErrors = new HashSet<string>(StringComparer.Ordinal)
    {
        "Runtime.ExitError", "Runtime.OutOfMemory", "Runtime.Unknown", "Sandbox.Timedout",
    };

    private static readonly HashSet<string> s_stateTypes = new(StringComparer.Ordinal)
    {
        "Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map",
    };

    public static IReadOnlyList<string> StructuralProblems(JsonObject machine)
    {
        var violations = new List<string>();
        if (machine["QueryLanguage"] is { } language && language.GetValue<string>() != "JSONPath")
        {
            violations.Add($"$: QueryLanguage must be JSONPath, found {language}");
        }

        CheckScope(machine, "$", violations);
        return violations;
    }

    /// <summary>Every state of every scope, with its path.</summary>
    public static IEnumerable<(string Path, string Name, JsonObject State)> AllStates(JsonObject scope, string path = "$")
    {
        foreach (var (name, node) in scope["States"] as JsonObject ?? [])
        {
            if (node is not JsonObject state)
            {
                continue;
            }

            var statePath = $"{path}.States.{name}";
            yield return (statePath, name, state);
            foreach (var (childPath, child) in ChildScopes(state, statePath))
            {
                foreach (var inner in AllStates(child, childPath))
                {
                    yield return inner;
                }
            }
        }
    }

    private static void CheckScope(JsonObject scope, string path, List<string> violations)
    {
        if (scope["States"] is not JsonObject { Count: > 0 } states)
        {
            violations.Add($"{path}: no States");
            return;
        }

        var startAt = scope["StartAt"]?.GetValue<string>();
        if (startAt is null || !states.ContainsKey(startAt))
        {
            violations.Add($"{path}: StartAt '{startAt}' is not a state of this scope");
        }

        var edges = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var terminals = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, node) in states)
        {
            var statePath = $"{path}.States.{name}";
            if (node is not JsonObject state)
            {
                violations.Add($"{statePath}: not an object");
                continue;
            }

            var targets = CheckState(state, statePath, violations, out var terminal);
            if (terminal)
            {
                terminals.Add(name);
            }

            foreach (var target in targets.Where(t => !states.ContainsKey(t)))
            {
                violations.Add($"{statePath}: transition to '{target}', which is not a state of this scope");
            }

            edges[name] = targets.Where(states.ContainsKey).ToList();
            foreach (var (childPath, child) in ChildScopes(state, statePath))
            {
                CheckScope(child, childPath, violations);
            }
        }

        if (startAt is null || !states.ContainsKey(startAt))
        {
            return;
        }

        var reachable = Closure([startAt], n => edges.GetValueOrDefault(n) ?? []);
        violations.AddRange(states.Select(s => s.Key).Where(n => !reachable.Contains(n))
            .Select(n => $"{path}.States.{n}: not reachable from StartAt"));

        var reverse = edges.SelectMany(e => e.Value.Select(t => (From: e.Key, To: t)))
            .ToLookup(e => e.To, e => e.From);
        var canEnd = Closure(terminals, n => reverse[n]);
        violations.AddRange(reachable.Where(n => !canEnd.Contains(n))
            .Select(n => $"{path}.States.{n}: no path from it reaches an end"));
    }

    private static List<string> CheckState(JsonObject state, string path, List<string> violations, out bool terminal)
    {
        var type = state["Type"]?.GetValue<string>() ?? "";
        if (!s_stateTypes.Contains(type))
        {
            violations.Add($"{path}: unknown Type '{type}'");
        }

        if (state["QueryLanguage"] is { } language && language.GetValue<string>() != "JSONPath")
        {
            violations.Add($"{path}: QueryLanguage must be JSONPath");
        }

        var targets = new List<string>();
        var next = state["Next"]?.GetValue<string>();
        var end = state["End"] is JsonValue e && e.TryGetValue<bool>(out var isEnd) && isEnd;
        terminal = type is "Succeed" or "Fail" || end;
        switch (type)
        {
            case "Succeed" or "Fail":
                if (next is not null || state["End"] is not null)
                {
                    violations.Add($"{path}: a {type} state takes neither Next nor End");
                }

                break;
            case "Choice":
                if (next is not null || state["End"] is not null)
                {
                    violations.Add($"{path}: a Choice state takes neither Next nor End");
                }

                var choices = state["Choices"] as JsonArray ?? [];
                if (choices.Count == 0)
                {
                    violations.Add($"{path}: a Choice state needs Choices");
                }

                targets.AddRange(choices.Select(c => c?["Next"]?.GetValue<string>() ?? "<missing Next>"));
                if (state["Default"]?.GetValue<string>() is { } fallback)
                {
                    targets.Add(fallback);
                }

                break;
            default:
                var hasNext = next is not null;
                if (hasNext == end)
                {
                    violations.Add($"{path}: needs exactly one of Next or End: true");
                }

                if (next is not null)
                {
                    targets.Add(next);
                }

                break;
        }

        CheckErrors(state, "Retry", path, violations, _ => { });
        CheckErrors(state, "Catch", path, violations, catcher =>
            targets.Add(catcher["Next"]?.GetValue<string>() ?? "<missing Next>"));
        return targets;
    }

    private static void CheckErrors(JsonObject state, string field, string path, List<string> violations, Action<JsonObject> each)
    {
        var entries = (state[field] as JsonArray ?? []).OfType<JsonObject>().ToList();
        for (var i = 0; i < entries.Count; i++)
        {
            var names = (entries[i]["ErrorEquals"] as JsonArray ?? []).Select(n => n?.GetValue<string>() ?? "").ToList();
            if (names.Count == 0)
            {
                violations.Add($"{path}.{field}[{i}]: empty ErrorEquals");
            }

            foreach (var name in names.Where(n => !StatesErrors.Contains(n) && !LambdaErrors.Contains(n) && !LambdaRuntimeErrors.Contains(n) && !TypedErrors.Contains(n)))
            {
                violations.Add($"{path}.{field}[{i}]: ErrorEquals names '{name}', neither a States.*, Lambda.* or Lambda runtime error nor a typed error");
            }

            if (names.Contains("States.ALL") && (names.Count > 1 || i != entries.Count - 1))
            {
                violations.Add($"{path}.{field}[{i}]: States.ALL must stand alone in the last entry");
            }

            each(entries[i]);
        }
    }

    private static IEnumerable<(string Path, JsonObject Scope)> ChildScopes(JsonObject state, string path)
    {
        if (state["Type"]?.GetValue<string>() == "Parallel")
        {
            var branches = state["Branches"] as JsonArray ?? [];
            for (var i = 0; i < branches.Count; i++)
            {
                yield return ($"{path}.Branches[{i}]", branches[i] as JsonObject ?? []);
            }
        }

        if (state["Type"]?.GetValue<string>() == "Map")
        {
            var processor = state["ItemProcessor"] ?? state["Iterator"];
            yield return ($"{path}.ItemProcessor", processor as JsonObject ?? []);
        }
    }

    private static HashSet<string> Closure(IEnumerable<string> start, Func<string, IEnumerable<string>> step)
    {
        var seen = new HashSet<string>(start, StringComparer.Ordinal);
        var queue = new Queue<string>(seen);
        while (queue.TryDequeue(out var current))
        {
            foreach (var next in step(current).Where(seen.Add))
            {
                queue.Enqueue(next);
            }
        }

        return seen;
    }
}
