using System.Text.Json.Nodes;

namespace Sluice.Asl.Definition.Validation;

internal sealed partial class DefinitionValidator
{
    /// <summary>Transition targets, reachability from StartAt, and a terminal state, within one States object.</summary>
    private void CheckFlow(string at, JsonObject states, string? startAt, List<(string Name, JsonObject State, string Type)> parsed)
    {
        var startValid = startAt is not null && states.ContainsKey(startAt);
        if (startAt is not null && !startValid)
        {
            Add(ValidationRules.StartAtTarget, $"{at}/StartAt", $"Missing 'Next' target: {startAt}");
        }

        var edges = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, state, _) in parsed)
        {
            var targets = edges[name] = [];
            foreach (var (target, field) in Transitions(state))
            {
                if (states.ContainsKey(target))
                {
                    targets.Add(target);
                }
                else
                {
                    Add(ValidationRules.NextTarget, $"{at}/States/{name}/{field}", $"Missing 'Next' target: {target}");
                }
            }
        }

        // A state whose type could not be read hides its transitions; do not guess about the rest.
        if (parsed.Count != states.Count)
        {
            return;
        }

        if (!parsed.Any(s => s.Type is "Succeed" or "Fail" || (JsonValues.TryBoolean(s.State["End"], out var end) && end)))
        {
            Add(ValidationRules.Terminal, at.Length == 0 ? "/" : at, "No terminal state found in the workflow: at least one state must end it (End: true, Succeed or Fail)");
        }

        if (!startValid)
        {
            return;
        }

        var reached = new HashSet<string>(StringComparer.Ordinal) { startAt! };
        var queue = new Queue<string>([startAt!]);
        while (queue.TryDequeue(out var current))
        {
            foreach (var target in edges.GetValueOrDefault(current, []))
            {
                if (reached.Add(target))
                {
                    queue.Enqueue(target);
                }
            }
        }

        foreach (var (name, _, _) in parsed)
        {
            if (!reached.Contains(name))
            {
                Add(ValidationRules.Reachable, $"{at}/States/{name}", $"State \"{name}\" is not reachable.");
            }
        }
    }

    private static IEnumerable<(string Target, string Field)> Transitions(JsonObject state)
    {
        if (JsonValues.TryString(state["Next"], out var next) && next.Length > 0)
        {
            yield return (next, "Next");
        }

        if (JsonValues.TryString(state["Default"], out var fallback) && fallback.Length > 0)
        {
            yield return (fallback, "Default");
        }

        if (state["Choices"] is JsonArray choices)
        {
            for (var i = 0; i < choices.Count; i++)
            {
                if (choices[i] is JsonObject rule && JsonValues.TryString(rule["Next"], out var n) && n.Length > 0)
                {
                    yield return (n, $"Choices[{i}]/Next");
                }
            }
        }

        if (state["Catch"] is JsonArray catchers)
        {
            for (var i = 0; i < catchers.Count; i++)
            {
                if (catchers[i] is JsonObject catcher && JsonValues.TryString(catcher["Next"], out var n) && n.Length > 0)
                {
                    yield return (n, $"Catch[{i}]/Next");
                }
            }
        }
    }
}
