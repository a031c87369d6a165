using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Asl.Intrinsics;
using Sluice.Asl.JsonPath;

namespace Sluice.Asl.Definition;

/// <summary>
/// Reads and validates an ASL document the way CreateStateMachine does, collecting every problem
/// into one InvalidDefinition message ("Invalid State Machine Definition: 'A, B'").
/// </summary>
internal static partial class DefinitionParser
{
    private static readonly HashSet<string> StateTypes = ["Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"];

    public static StateMachineDefinition Parse(string json, bool express = false)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            throw new DefinitionException("Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Definition must be a valid JSON object'", ["SCHEMA_VALIDATION_FAILED: Definition must be a valid JSON object"]);
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false, MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new DefinitionException($"Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: {e.Message}'", [$"INVALID_JSON_DESCRIPTION: {e.Message}"]);
        }

        if (root is not JsonObject obj)
        {
            throw new DefinitionException("Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Definition must be a valid JSON object'", ["SCHEMA_VALIDATION_FAILED: Definition must be a valid JSON object"]);
        }

        var errors = new List<string>();
        var definition = ParseProgram(obj, "", QueryLanguageKind.JsonPath, errors, topLevel: true);
        if (express && definition is not null)
        {
            CheckExpress(definition, "", errors);
        }

        if (errors.Count > 0 || definition is null)
        {
            throw new DefinitionException($"Invalid State Machine Definition: '{string.Join(", ", errors)}'", errors);
        }

        return definition;
    }

    /// <summary>EXPRESS workflows cannot wait for a task token or run a .sync job.</summary>
    private static void CheckExpress(StateMachineDefinition program, string at, List<string> errors)
    {
        foreach (var state in program.States.Values)
        {
            if (state.String("Resource") is { } r && r.EndsWith(".waitForTaskToken", StringComparison.Ordinal))
            {
                errors.Add($"SCHEMA_VALIDATION_FAILED: Express state machine does not support '.waitForTaskToken' service integration  at {at}/States/{state.Name}/Resource");
            }

            for (var i = 0; i < state.Branches.Count; i++)
            {
                CheckExpress(state.Branches[i], $"{at}/States/{state.Name}/Branches[{i}]", errors);
            }

            if (state.Processor is not null)
            {
                CheckExpress(state.Processor, $"{at}/States/{state.Name}/ItemProcessor", errors);
            }
        }
    }

    private static StateMachineDefinition? ParseProgram(JsonObject obj, string at, QueryLanguageKind inherited, List<string> errors, bool topLevel)
    {
        var language = inherited;
        if (obj.TryGetPropertyValue("QueryLanguage", out var ql))
        {
            language = ParseLanguage(ql, $"{at}/QueryLanguage", errors) ?? inherited;
        }

        var missing = new List<string>();
        if (!obj.ContainsKey("States"))
        {
            missing.Add("States");
        }

        if (!obj.ContainsKey("StartAt"))
        {
            missing.Add("StartAt");
        }

        if (missing.Count > 0)
        {
            errors.Add($"SCHEMA_VALIDATION_FAILED: These fields are required: [{string.Join(", ", missing)}] at {(at.Length == 0 ? "/" : at)}");
            return null;
        }

        if (!JsonValues.TryString(obj["StartAt"], out var startAt))
        {
            errors.Add($"SCHEMA_VALIDATION_FAILED: Expected value of type String at {at}/StartAt");
            return null;
        }

        if (obj["States"] is not JsonObject statesObj)
        {
            errors.Add($"SCHEMA_VALIDATION_FAILED: Expected value of type Object at {at}/States");
            return null;
        }

        int? timeout = null;
        if (topLevel && obj.TryGetPropertyValue("TimeoutSeconds", out var t))
        {
            if (JsonValues.IsInteger(t, out var ts) && ts >= 0)
            {
                timeout = (int)Math.Min(ts, int.MaxValue);
            }
            else
            {
                errors.Add($"SCHEMA_VALIDATION_FAILED: Expected value of type Integer at {at}/TimeoutSeconds");
            }
        }

        var states = new Dictionary<string, StateDefinition>(StringComparer.Ordinal);
        foreach (var (name, value) in statesObj)
        {
            if (value is not JsonObject stateObj)
            {
                errors.Add($"SCHEMA_VALIDATION_FAILED: Expected value of type Object at {at}/States/{name}");
                continue;
            }

            var state = ParseState(name, stateObj, $"{at}/States/{name}", language, errors);
            if (state is not null)
            {
                states[name] = state;
            }
        }

        if (!statesObj.ContainsKey(startAt))
        {
            errors.Add($"MISSING_TRANSITION_TARGET: Missing 'Next' target: {startAt} at {at}/StartAt");
        }

        foreach (var state in states.Values)
        {
            foreach (var (target, field) in Transitions(state))
            {
                if (!statesObj.ContainsKey(target))
                {
                    errors.Add($"MISSING_TRANSITION_TARGET: Missing 'Next' target: {target} at {at}/States/{state.Name}/{field}");
                }
            }
        }

        return new StateMachineDefinition { StartAt = startAt, States = states, QueryLanguage = language, TimeoutSeconds = timeout, Raw = obj };
    }

    private static IEnumerable<(string Target, string Field)> Transitions(StateDefinition state)
    {
        if (state.Next is not null)
        {
            yield return (state.Next, "Next");
        }

        for (var i = 0; i < state.Catch.Count; i++)
        {
            yield return (state.Catch[i].Next, $"Catch[{i}]/Next");
        }

        if (state.Type == "Choice")
        {
            if (state.String("Default") is { } d)
            {
                yield return (d, "Default");
            }

            if (state.Field("Choices") is JsonArray choices)
            {
                for (var i = 0; i < choices.Count; i++)
                {
                    if (choices[i] is JsonObject c && JsonValues.TryString(c["Next"], out var n))
                    {
                        yield return (n, $"Choices[{i}]/Next");
                    }
                }
            }
        }
    }

    private static QueryLanguageKind? ParseLanguage(JsonNode? node, string at, List<string> errors)
    {
        if (JsonValues.TryString(node, out var s))
        {
            if (s == "JSONPath")
            {
                return QueryLanguageKind.JsonPath;
            }

            if (s == "JSONata")
            {
                return QueryLanguageKind.Jsonata;
            }
        }

        errors.Add($"SCHEMA_VALIDATION_FAILED: Value is not a valid query language: expected JSONPath or JSONata at {at}");
        return null;
    }

    private static StateDefinition? ParseState(string name, JsonObject obj, string at, QueryLanguageKind inherited, List<string> errors)
    {
        if (name.Length is 0 or > 80)
        {
            errors.Add($"SCHEMA_VALIDATION_FAILED: State names must be 1 to 80 characters at {at}");
        }

        if (!obj.TryGetPropertyValue("Type", out var typeNode))
        {
            errors.Add($"SCHEMA_VALIDATION_FAILED: These fields are required: [Type] at {at}");
            return null;
        }

        if (!JsonValues.TryString(typeNode, out var type) || !StateTypes.Contains(type))
        {
            errors.Add($"SCHEMA_VALIDATION_FAILED: Value is not a valid enum of state types at {at}/Type");
            return null;
        }

        var language = inherited;
        if (obj.TryGetPropertyValue("QueryLanguage", out var ql))
        {
            language = ParseLanguage(ql, $"{at}/QueryLanguage", errors) ?? inherited;
            if (inherited == QueryLanguageKind.Jsonata && language == QueryLanguageKind.JsonPath)
            {
                errors.Add($"SCHEMA_VALIDATION_FAILED: 'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine at {at}");
            }
        }

        string? next = null;
        if (obj.TryGetPropertyValue("Next", out var nextNode))
        {
            if (!JsonValues.TryString(nextNode, out var n))
            {
                errors.Add($"SCHEMA_VALIDATION_FAILED: Expected value of type String at {at}/Next");
            }
            else
            {
                next = n;
            }
        }

        var end = obj.TryGetPropertyValue("End", out var endNode) && JsonValues.TryBoolean(endNode, out var e) && e;
        var terminalByType = type is "Choice" or "Succeed" or "Fail";
        if (!terminalByType)
        {
            if (next is null && !end)
            {
                errors.Add($"SCHEMA_VALIDATION_FAILED: Exactly one of these fields is required: [Next, End] at {at}");
            }
            else if (next is not null && end)
            {
                errors.Add($"SCHEMA_VALIDATION_FAILED: Only one of these fields is allowed: [Next, End] at {at}");
            }
        }
        else if (next is not null || obj.ContainsKey("End"))
        {
            errors.Add($"SCHEMA_VALIDATION_FAILED: Field 'Next' or 'End' is not supported in a {type} state at {at}");
        }

        var retry = type is "Task" or "Parallel" or "Map" ? ParseRetry(obj, at, errors) : [];
        var catchers = type is "Task" or "Parallel" or "Map" ? ParseCatch(obj, at, errors) : [];
        var branches = new List<StateMachineDefinition>();
        StateMachineDefinition? processor = null;

        switch (type)
        {
            case "Task":
                if (!obj.ContainsKey("Resource"))
                {
                    errors.Add($"SCHEMA_VALIDATION_FAILED: These fields are required: [Resource] at {at}");
                }
                else if (JsonValues.TryString(obj["Resource"], out var resource) && !TaskResource.IsRecognised(resource))
                {
                    errors.Add($"SCHEMA_VALIDATION_FAILED: The resource provided {resource} is not recognized. The value is not a valid resource ARN, or the resource is not available in this region. at {at}/Resource");
                }

                break;
            case "Choice":
                if (obj["Choices"] is not JsonArray { Count: > 0 } choices)
                {
                    errors.Add($"SCHEMA_VALIDATION_FAILED: These fields are required: [Choices] at {at}");
                    break;
                }

                for (var i = 0; i < choices.Count; i++)
                {
                    if (choices[i] is not JsonObject rule)
                    {
                        errors.Add($"SCHEMA_VALIDATION_FAILED: Expected value of type Object at {at}/Choices[{i}]");
                    }
                    else if (!rule.ContainsKey("Next"))
                    {
                        errors.Add($"SCHEMA_VALIDATION_FAILED: These fields are required: [Next] at {at}/Choices[{i}]");
                    }
                    else if (language == QueryLanguageKind.JsonPath && !rule.ContainsKey("And") && !rule.ContainsKey("Or") && !rule.ContainsKey("Not")
                        && !rule.Any(p => p.Key is not ("Variable" or "Next" or "Assign" or "Comment")))
                    {
                        errors.Add($"SCHEMA_VALIDATION_FAILED: A choice rule needs a comparison operator, And, Or or Not at {at}/Choices[{i}]");
                    }
                }

                break;
            case "Wait":
                var waits = new[] { "Seconds", "SecondsPath", "Timestamp", "TimestampPath" }.Count(obj.ContainsKey);
                if (waits != 1)
                {
                    errors.Add($"SCHEMA_VALIDATION_FAILED: Exactly one of these fields is required: [Seconds, SecondsPath, Timestamp, TimestampPath] at {at}");
                }

                if (JsonValues.TryString(obj["Timestamp"], out var stamp) && language == QueryLanguageKind.JsonPath && !Timestamps.TryParse(stamp, out _))
                {
                    errors.Add($"SCHEMA_VALIDATION_FAILED: String does not match RFC3339 timestamp at {at}/Timestamp");
                }

                break;
            case "Parallel":
                if (obj["Branches"] is not JsonArray branchArray)
                {
                    errors.Add($"SCHEMA_VALIDATION_FAILED: These fields are required: [Branches] at {at}");
                    break;
                }

                for (var i = 0; i < branchArray.Count; i++)
                {
                    if (branchArray[i] is JsonObject b && ParseProgram(b, $"{at}/Branches[{i}]", language, errors, topLevel: false) is { } p)
                    {
                        branches.Add(p);
                    }
                }

                break;
            case "Map":
                var processorField = obj.ContainsKey("ItemProcessor") ? "ItemProcessor" : obj.ContainsKey("Iterator") ? "Iterator" : null;
                if (processorField is null || obj[processorField] is not JsonObject proc)
                {
                    errors.Add($"SCHEMA_VALIDATION_FAILED: These fields are required: [ItemProcessor] at {at}");
                    break;
                }

                processor = ParseProgram(proc, $"{at}/{processorField}", language, errors, topLevel: false);
                break;
        }

        if (language == QueryLanguageKind.JsonPath)
        {
            ValidatePaths(obj, at, errors);
        }

        return new StateDefinition
        {
            Name = name,
            Type = type,
            Raw = obj,
            QueryLanguage = language,
            Next = next,
            End = end,
            Retry = retry,
            Catch = catchers,
            Branches = branches,
            Processor = processor,
        };
    }

    private static void ValidatePaths(JsonObject obj, string at, List<string> errors)
    {
        foreach (var field in new[] { "Parameters", "ItemSelector", "ResultSelector", "Assign" })
        {
            if (obj[field] is { } template)
            {
                ValidateTemplate(template, $"{at}/{field}", errors);
            }
        }
    }

    private static void ValidateTemplate(JsonNode node, string at, List<string> errors)
    {
        if (node is JsonObject o)
        {
            foreach (var (key, value) in o)
            {
                if (key.EndsWith(".$", StringComparison.Ordinal))
                {
                    if (!JsonValues.TryString(value, out var expr) || !IsValidExpression(expr))
                    {
                        errors.Add($"SCHEMA_VALIDATION_FAILED: The value for the field '{key}' must be a valid JSONPath or a valid intrinsic function call at {at}");
                    }
                }
                else if (value is not null)
                {
                    ValidateTemplate(value, at, errors);
                }
            }
        }
        else if (node is JsonArray a)
        {
            foreach (var item in a)
            {
                if (item is not null)
                {
                    ValidateTemplate(item, at, errors);
                }
            }
        }
    }

    private static bool IsValidExpression(string expr)
    {
        if (IntrinsicParser.LooksLikeCall(expr))
        {
            try
            {
                IntrinsicParser.Parse(expr);
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }

        var path = expr.StartsWith("$$", StringComparison.Ordinal) ? expr[1..] : expr;
        if (path.Length > 1 && path[0] == '$' && path[1] != '.' && path[1] != '[')
        {
            // $variable.path: validate the part after the variable name.
            var dot = path.IndexOfAny(['.', '[']);
            path = dot < 0 ? "$" : "$" + path[dot..];
        }

        return JsonPathExpression.TryParse(path, out _, out _);
    }
}
