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

        if (request["revealSecrets"] is { } reveal && !JsonValues.TryBoolean(reveal, out _))
        {
            throw new ApiException("SerializationException", "Expected a boolean for 'revealSecrets'.");
        }

        var mockRequest = request["mock"] as JsonObject;
        if (mockRequest is not null && JsonValues.TryBoolean(request["revealSecrets"], out var revealed) && revealed)
        {
            throw new ApiException("ValidationException", "TestState does not support RevealSecrets when a mock is specified.");
        }

        var stateName = OptionalString(request, "stateName");
        if (stateName is { Length: 0 or > 80 })
        {
            throw new ApiException("ValidationException", $"1 validation error detected: Value '{stateName}' at 'stateName' failed to satisfy constraint: Member must have length between 1 and 80");
        }

        var (program, state) = TestedState(definitionText, stateName);
        var mock = mockRequest is null ? null : Mock(mockRequest, state);
        if (mock is null && state.Type is "Map" or "Parallel")
        {
            throw new ApiException("InvalidDefinition", "TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]");
        }

        if (mock is null && NeedsMock(state) is { } kind)
        {
            throw new ApiException("InvalidDefinition", $"TestState API does not support {kind} without a mock. Specify a mock to test this state.");
        }

        var roleArn = OptionalString(request, "roleArn");
        if (state.Type == "Task" && roleArn is null && mock is null)
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

        JsonObject? context = null;
        if (OptionalString(request, "context") is { } contextText)
        {
            if (mock is null)
            {
                throw new ApiException("ValidationException", "Context may only be specified if a mock is specified in the same request.");
            }

            context = ParseJsonObject(contextText, "Context");
        }

        var configuration = request["stateConfiguration"] as JsonObject;
        var probe = new TestProbe
        {
            Mock = mock,
            Context = context,
            RetrierRetryCount = NonNegative(configuration, "retrierRetryCount") ?? 0,
            MapIterationFailureCount = NonNegative(configuration, "mapIterationFailureCount"),
        };

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
        return await _engine.TestStateAsync(scratch, state, input, variables, probe, inspect: level != "INFO", ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The request's mock, checked as AWS checks it: one of result (JSON text) and errorOutput, on a
    /// Task, Map or Parallel; a Map's result is an array (a JSON object with a ResultWriter), a
    /// Parallel's an array with one item per branch; a Task's result held to its integration's
    /// response shape unless fieldValidationMode is NONE (<see cref="CheckMockedResult"/>).
    /// </summary>
    private TestMock Mock(JsonObject mock, StateDefinition state)
    {
        if (state.Type is not ("Task" or "Map" or "Parallel"))
        {
            throw new ApiException("ValidationException", $"State type '{state.Type}' is not supported when a mock is specified");
        }

        var resultText = OptionalString(mock, "result");
        var errorOutput = mock["errorOutput"] as JsonObject;
        if ((resultText is null) == (errorOutput is null))
        {
            throw new ApiException("ValidationException", "A test mock should have only one of the following fields: [result, errorOutput].");
        }

        if (errorOutput is not null)
        {
            return new TestMock(null, OptionalString(errorOutput, "error") ?? string.Empty, OptionalString(errorOutput, "cause") ?? string.Empty);
        }

        JsonNode? result;
        try
        {
            result = JsonNode.Parse(resultText!);
        }
        catch (JsonException)
        {
            throw new ApiException("ValidationException", "Mocked result must be a valid JSON string.");
        }

        if (state.Type == "Map")
        {
            if (state.Has("ResultWriter") ? result is not JsonObject : result is not JsonArray)
            {
                throw new ApiException("ValidationException", state.Has("ResultWriter") ? "Mocked result must be a JSON object." : "Mocked result must be an array.");
            }
        }
        else if (state.Type == "Parallel")
        {
            if (result is not JsonArray results)
            {
                throw new ApiException("ValidationException", "Mocked result must be an array.");
            }

            if (results.Count != state.Branches.Count)
            {
                throw new ApiException("ValidationException", "Mocked result must contain the same number of items as number of Parallel branches.");
            }
        }

        if (state.Type == "Task" && OptionalString(mock, "fieldValidationMode") is var mode and not "NONE")
        {
            CheckMockedResult(state, result, requireAll: mode is not "PRESENT");
        }

        return new TestMock(result, null, null) { ResultText = resultText };
    }

    /// <summary>
    /// What a Task needs a mock for in TestState, as AWS documents it (an activity, or the .sync and
    /// .waitForTaskToken patterns, which wait on something TestState does not run); null otherwise.
    /// </summary>
    private static string? NeedsMock(StateDefinition state)
    {
        if (state.Type != "Task" || !TaskResource.TryParse(state.String("Resource") ?? string.Empty, out var resource))
        {
            return null;
        }

        return resource.Kind == TaskResourceKind.Activity ? "Activity tasks"
            : resource.Pattern is "sync" or "sync:2" ? "the .sync service integration pattern"
            : resource.Pattern == "waitForTaskToken" ? "the .waitForTaskToken service integration pattern"
            : null;
    }

    /// <summary>
    /// fieldValidationMode STRICT (the default) and PRESENT: a mocked result of a request-response
    /// integration (optimised or aws-sdk) is held to the response shape of the API it calls, as the
    /// host's <see cref="Resources.IResultShapes"/> knows it, with AWS's message. STRICT also requires the
    /// members the shape requires; members the shape does not declare are allowed, as AWS allows them.
    /// The .sync and .waitForTaskToken patterns, Lambda functions by ARN and activities answer with
    /// something other than the API's response, and are not checked.
    /// </summary>
    private void CheckMockedResult(StateDefinition state, JsonNode? result, bool requireAll)
    {
        if (_options.ResultShapes is not { } shapes
            || !TaskResource.TryParse(state.String("Resource") ?? string.Empty, out var resource)
            || resource.Kind is not (TaskResourceKind.Integration or TaskResourceKind.AwsSdk)
            || resource.Pattern.Length > 0
            || result is not JsonObject fields)
        {
            return;
        }

        if (shapes.Problem(resource.Service, resource.Action, resource.Kind == TaskResourceKind.AwsSdk, fields, requireAll) is { } problem)
        {
            throw MockSchemaError(problem);
        }
    }

    private static ApiException MockSchemaError(string detail) => new("ValidationException", "Mock result schema validation error: " + detail);

    private static JsonObject ParseJsonObject(string text, string what)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new ApiException("ValidationException", $"{what} must be a JSON object");
        }
        catch (JsonException e)
        {
            throw new ApiException("ValidationException", $"{what} must be a JSON object: {e.Message}");
        }
    }

    private static int? NonNegative(JsonObject? container, string field)
    {
        if (container?[field] is not { } node)
        {
            return null;
        }

        if (!JsonValues.IsInteger(node, out var value) || value < 0 || value > int.MaxValue)
        {
            throw new ApiException("ValidationException", $"1 validation error detected: Value '{JsonValues.ToJson(node)}' at 'stateConfiguration.{field}' failed to satisfy constraint: Member must have value greater than or equal to 0");
        }

        return (int)value;
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
