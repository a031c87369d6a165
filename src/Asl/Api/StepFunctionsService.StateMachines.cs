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
        var tags = ReadTags(request, "tags");
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
            Apply(record, tags);
            _machines[arn] = record;
            _machineOrder.Add(arn);
            _executionsByMachine[arn] = [];
            SaveMachine(record);
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

        var definition = definitionText is null ? null : ParseDefinition(definitionText, machine.Type == "EXPRESS");
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
            SaveMachine(machine);
            return new JsonObject { ["updateDate"] = Epoch(machine.UpdateDate.Value), ["revisionId"] = machine.RevisionId };
        }
    }

    private static JsonObject ValidateStateMachineDefinition(JsonObject request)
    {
        var definition = RequiredString(request, "definition");
        CheckDefinitionSize(definition);
        var type = OptionalString(request, "type") ?? "STANDARD";
        if (type is not ("STANDARD" or "EXPRESS"))
        {
            throw new ApiException("ValidationException", $"1 validation error detected: Value '{type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]");
        }

        var severity = OptionalString(request, "severity") ?? "ERROR";
        if (severity is not ("ERROR" or "WARNING"))
        {
            throw new ApiException("ValidationException", $"1 validation error detected: Value '{severity}' at 'severity' failed to satisfy constraint: Member must satisfy enum value set: [ERROR, WARNING]");
        }

        var max = 100;
        if (request.TryGetPropertyValue("maxResults", out var maxNode) && maxNode is not null)
        {
            if (!JsonValues.IsInteger(maxNode, out var m) || m is < 0 or > 100)
            {
                throw new ApiException("ValidationException", $"1 validation error detected: Value '{maxNode.ToJsonString()}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100");
            }

            max = m == 0 ? 100 : (int)m;
        }

        var all = DefinitionParser.Validate(definition, type == "EXPRESS");
        var shown = all.Where(d => severity == "WARNING" || d.IsError).ToList();
        var diagnostics = new JsonArray();
        foreach (var d in shown.Take(max))
        {
            var diagnostic = new JsonObject { ["severity"] = d.Severity, ["code"] = d.Code, ["message"] = d.Message };
            if (d.Location is not null)
            {
                diagnostic["location"] = d.Location;
            }

            diagnostics.Add((JsonNode)diagnostic);
        }

        return new JsonObject
        {
            ["result"] = all.Any(d => d.IsError) ? "FAIL" : "OK",
            ["diagnostics"] = diagnostics,
            ["truncated"] = shown.Count > max,
        };
    }

    private JsonObject DeleteStateMachine(JsonObject request)
    {
        var arn = RequiredString(request, "stateMachineArn");
        CheckArn(arn);
        lock (_lock)
        {
            // Deleting is idempotent in AWS; running executions finish on their own.
            if (_machines.Remove(arn))
            {
                _machineOrder.Remove(arn);
                _options.Journal?.DeleteStateMachine(arn);
            }
        }

        Changed();

        return [];
    }
}
