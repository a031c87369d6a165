using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Asl.Definition;
using Sluice.Asl.Execution;
using Sluice.Asl.History;

namespace Sluice.Asl.Api;

public sealed partial class StepFunctionsService
{
    /// <summary>The name a single-state definition runs under (as AWS reports it in $$.State.Name).</summary>
    private const string TestStateName = "StateName";

    private static readonly HashSet<string> s_inspectionLevels = ["INFO", "DEBUG", "TRACE"];

    /// <summary>
    /// TestState: runs one state with an input and answers its output or error, the next state, the
    /// status (SUCCEEDED, FAILED, CAUGHT_ERROR, RETRIABLE) and, at DEBUG and TRACE, the data after
    /// each processing step. The definition is one state, or a whole state machine with stateName.
    /// </summary>
    private async Task<JsonObject> TestStateAsync(JsonObject request, CancellationToken ct)
    {
        var definitionText = RequiredString(request, "definition");
        var level = OptionalString(request, "inspectionLevel") ?? "INFO";
        if (!s_inspectionLevels.Contains(level))
        {
            throw new ApiException("ValidationException", $"1 validation error detected: Value '{level}' at 'inspectionLevel' failed to satisfy constraint: Member must satisfy enum value set: [INFO, DEBUG, TRACE]");
        }

        foreach (var unsupported in new[] { "mock", "context", "stateConfiguration" })
        {
            if (request[unsupported] is not null)
            {
                throw new ApiException("ValidationException", $"TestState's '{unsupported}' is not supported by this local cloud: test the state against the local integrations instead");
            }
        }

        if (request["revealSecrets"] is { } reveal && !JsonValues.TryBoolean(reveal, out _))
        {
            throw new ApiException("SerializationException", "Expected a boolean for 'revealSecrets'.");
        }

        var stateName = OptionalString(request, "stateName");
        if (stateName is { Length: 0 or > 80 })
        {
            throw new ApiException("ValidationException", $"1 validation error detected: Value '{stateName}' at 'stateName' failed to satisfy constraint: Member must have length between 1 and 80");
        }

        var (program, state) = TestedState(definitionText, stateName);
        var roleArn = OptionalString(request, "roleArn");
        if (state.Type == "Task" && roleArn is null)
        {
            throw new ApiException("ValidationException", "RoleArn must be specified when testing a Task state");
        }

        if (roleArn is not null)
        {
            CheckArn(roleArn);
        }

        var inputText = OptionalString(request, "input") ?? "{}";
        var input = ParseInput(inputText);
        var variables = new VariableScope(null);
        if (OptionalString(request, "variables") is { } variablesText)
        {
            if (ParseVariables(variablesText) is not JsonObject values)
            {
                throw new ApiException("ValidationException", "Variables must be a JSON object");
            }

            foreach (var (name, value) in values)
            {
                variables.Set(name, value?.DeepClone());
            }
        }

        var machineName = "TestStateMachine-" + Guid.NewGuid().ToString("N")[..12];
        var executionName = Guid.NewGuid().ToString();
        var scratch = new ExecutionRecord
        {
            Arn = Arn($"express:{machineName}:{executionName}:{Guid.NewGuid()}"),
            Name = executionName,
            StateMachineArn = Arn($"stateMachine:{machineName}"),
            StateMachineName = machineName,
            RoleArn = roleArn!,
            Type = "EXPRESS",
            Definition = program,
            InputText = inputText,
            Input = input,
            StartDate = _options.Clock.UtcNow,
            History = new HistoryLog(() => _options.Clock.UtcNow),
        };
        return await _engine.TestStateAsync(scratch, state, input, variables, inspect: level != "INFO", ct).ConfigureAwait(false);
    }

    private static JsonNode? ParseVariables(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw new ApiException("ValidationException", $"Variables must be a JSON object: {e.Message}");
        }
    }

    /// <summary>
    /// The state to test: <paramref name="stateName"/> of a whole definition, or a single state,
    /// checked as AWS checks it inside a machine whose transition targets exist.
    /// </summary>
    private static (StateMachineDefinition Program, StateDefinition State) TestedState(string text, string? stateName)
    {
        CheckDefinitionSize(text);
        if (stateName is not null)
        {
            var whole = ParseDefinition(text);
            return whole.States.TryGetValue(stateName, out var named)
                ? (whole, named)
                : throw new ApiException("ValidationException", "State not found in definition");
        }

        JsonObject single;
        try
        {
            single = JsonNode.Parse(text) as JsonObject ?? throw new ApiException("InvalidDefinition", "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Definition must be a valid JSON object'");
        }
        catch (JsonException)
        {
            throw new ApiException("InvalidDefinition", "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Definition must be a valid JSON object'");
        }

        var states = new JsonObject { [TestStateName] = single.DeepClone() };
        foreach (var target in Targets(single))
        {
            if (!states.ContainsKey(target))
            {
                states[target] = new JsonObject { ["Type"] = "Succeed" };
            }
        }

        var machine = new JsonObject { ["StartAt"] = TestStateName, ["States"] = states };
        var program = ParseDefinition(machine.ToJsonString());
        return (program, program.States[TestStateName]);
    }

    /// <summary>The states a single state may go to: Next, Default, each Choice's and each Catch's Next.</summary>
    private static IEnumerable<string> Targets(JsonObject state)
    {
        if (state["Next"] is JsonValue next && next.TryGetValue<string>(out var n))
        {
            yield return n;
        }

        if (state["Default"] is JsonValue fallback && fallback.TryGetValue<string>(out var d))
        {
            yield return d;
        }

        foreach (var list in new[] { "Choices", "Catch" })
        {
            if (state[list] is JsonArray items)
            {
                foreach (var item in items)
                {
                    if (item?["Next"] is JsonValue target && target.TryGetValue<string>(out var t))
                    {
                        yield return t;
                    }
                }
            }
        }
    }
}
