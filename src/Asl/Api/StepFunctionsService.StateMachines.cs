using System.Text.Json.Nodes;
using Sluice.Asl.Definition;

namespace Sluice.Asl.Api;

public sealed partial class StepFunctionsService
{
    private JsonObject CreateStateMachine(JsonObject request)
    {
        var name = RequiredString(request, "name");
        var definitionText = RequiredString(request, "definition");
        var roleArn = RequiredString(request, "roleArn");
        var type = OptionalString(request, "type") ?? "STANDARD";
        CheckName(name);
        CheckArn(roleArn);
        if (type is not ("STANDARD" or "EXPRESS"))
        {
            throw new ApiException("ValidationException", $"1 validation error detected: Value '{type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]");
        }

        var definition = ParseDefinition(definitionText, type == "EXPRESS");
        var arn = Arn($"stateMachine:{name}");
        lock (_lock)
        {
            if (_machines.TryGetValue(arn, out var existing))
            {
                if (existing.DefinitionText == definitionText && existing.RoleArn == roleArn && existing.Type == type)
                {
                    return new JsonObject { ["stateMachineArn"] = arn, ["creationDate"] = Epoch(existing.CreationDate) };
                }

                throw new ApiException("StateMachineAlreadyExists", $"State Machine Already Exists: '{arn}'");
            }

            var record = new StateMachineRecord
            {
                Arn = arn,
                Name = name,
                Type = type,
                CreationDate = _options.Clock.UtcNow,
                DefinitionText = definitionText,
                Definition = definition,
                RoleArn = roleArn,
                LoggingConfiguration = Logging(request),
                TracingConfiguration = Tracing(request),
                Description = OptionalString(request, "versionDescription"),
            };
            _machines[arn] = record;
            _machineOrder.Add(arn);
            _executionsByMachine[arn] = [];
            return new JsonObject { ["stateMachineArn"] = arn, ["creationDate"] = Epoch(record.CreationDate) };
        }
    }

    private static JsonObject Describe(StateMachineRecord machine)
    {
        var result = new JsonObject
        {
            ["stateMachineArn"] = machine.Arn,
            ["name"] = machine.Name,
            ["status"] = "ACTIVE",
            ["definition"] = machine.DefinitionText,
            ["roleArn"] = machine.RoleArn,
            ["type"] = machine.Type,
            ["creationDate"] = Epoch(machine.CreationDate),
            ["loggingConfiguration"] = machine.LoggingConfiguration.DeepClone(),
            ["tracingConfiguration"] = machine.TracingConfiguration.DeepClone(),
        };
        if (machine.RevisionId is not null)
        {
            result["revisionId"] = machine.RevisionId;
        }

        return result;
    }

    private JsonObject DescribeStateMachine(JsonObject request) => Describe(Machine(RequiredString(request, "stateMachineArn")));

    private JsonObject DescribeStateMachineForExecution(JsonObject request)
    {
        var exec = Execution(RequiredString(request, "executionArn"));
        var machine = Machine(exec.StateMachineArn);
        var result = Describe(machine);
        result.Remove("status");
        result.Remove("type");
        result.Remove("creationDate");
        result["updateDate"] = Epoch(machine.UpdateDate ?? machine.CreationDate);
        return result;
    }

    private JsonObject ListStateMachines(JsonObject request)
    {
        var (max, offset) = Page(request, 100);
        lock (_lock)
        {
            var page = _machineOrder.Skip(offset).Take(max).Select(arn => _machines[arn]).Select(m => (JsonNode)new JsonObject
            {
                ["stateMachineArn"] = m.Arn,
                ["name"] = m.Name,
                ["type"] = m.Type,
                ["creationDate"] = Epoch(m.CreationDate),
            });
            var result = new JsonObject { ["stateMachines"] = new JsonArray([.. page]) };
            if (offset + max < _machineOrder.Count)
            {
                result["nextToken"] = Token(offset + max);
            }

            return result;
        }
    }

    private JsonObject UpdateStateMachine(JsonObject request)
    {
        var machine = Machine(RequiredString(request, "stateMachineArn"));
        var definitionText = OptionalString(request, "definition");
        var roleArn = OptionalString(request, "roleArn");
        if (definitionText is null && roleArn is null && request["loggingConfiguration"] is null && request["tracingConfiguration"] is null)
        {
            throw new ApiException("MissingRequiredParameter", "Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified");
        }

        var definition = definitionText is null ? null : ParseDefinition(definitionText);
        if (roleArn is not null)
        {
            CheckArn(roleArn);
        }

        lock (_lock)
        {
            if (definition is not null)
            {
                machine.Definition = definition;
                machine.DefinitionText = definitionText!;
            }

            machine.RoleArn = roleArn ?? machine.RoleArn;
            if (request["loggingConfiguration"] is JsonObject)
            {
                machine.LoggingConfiguration = Logging(request);
            }

            if (request["tracingConfiguration"] is JsonObject)
            {
                machine.TracingConfiguration = Tracing(request);
            }

            machine.UpdateDate = _options.Clock.UtcNow;
            machine.RevisionId = Guid.NewGuid().ToString();
            return new JsonObject { ["updateDate"] = Epoch(machine.UpdateDate.Value), ["revisionId"] = machine.RevisionId };
        }
    }

    private static JsonObject ValidateStateMachineDefinition(JsonObject request)
    {
        var definition = RequiredString(request, "definition");
        var express = OptionalString(request, "type") == "EXPRESS";
        var diagnostics = new JsonArray();
        try
        {
            DefinitionParser.Parse(definition, express);
        }
        catch (DefinitionException e)
        {
            foreach (var problem in e.Problems)
            {
                var match = DiagnosticPattern().Match(problem);
                var diagnostic = new JsonObject { ["severity"] = "ERROR", ["code"] = match.Groups["code"].Value, ["message"] = match.Groups["message"].Value };
                if (match.Groups["location"].Success)
                {
                    diagnostic["location"] = match.Groups["location"].Value;
                }

                diagnostics.Add((JsonNode)diagnostic);
            }
        }

        return new JsonObject { ["result"] = diagnostics.Count == 0 ? "OK" : "FAIL", ["diagnostics"] = diagnostics, ["truncated"] = false };
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?<code>[A-Z_]+): (?<message>.*?)(?: at (?<location>/\S*))?$", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex DiagnosticPattern();

    private JsonObject DeleteStateMachine(JsonObject request)
    {
        var arn = RequiredString(request, "stateMachineArn");
        CheckArn(arn);
        lock (_lock)
        {
            // Deleting is idempotent in AWS; running executions finish on their own.
            _machines.Remove(arn);
            _machineOrder.Remove(arn);
        }

        return [];
    }
}
