using System.Text.Json.Nodes;

namespace Sluice.Asl.Definition.Validation;

internal sealed partial class DefinitionValidator
{
    private static readonly string[] s_stateTypes = ["Task", "Wait", "Pass", "Succeed", "Fail", "Choice", "Parallel", "Map"];

    /// <summary>Fields only JSONPath states have (refused in JSONata states).</summary>
    private static readonly HashSet<string> s_jsonPathFields =
    [
        "InputPath", "OutputPath", "Parameters", "ResultPath", "ResultSelector", "Result", "ItemsPath",
        "TimeoutSecondsPath", "HeartbeatSecondsPath", "SecondsPath", "TimestampPath", "ErrorPath", "CausePath",
        "MaxConcurrencyPath", "ToleratedFailureCountPath", "ToleratedFailurePercentagePath",
    ];

    /// <summary>Fields only JSONata states have (refused in JSONPath states).</summary>
    private static readonly HashSet<string> s_jsonataFields = ["Arguments", "Output", "Items", "Condition"];

    /// <summary>Each state type's fields in either query language (Type, Comment and QueryLanguage are everyone's).</summary>
    private static readonly Dictionary<string, HashSet<string>> s_fieldsByType = new(StringComparer.Ordinal)
    {
        ["Pass"] = ["Next", "End", "Assign", "InputPath", "OutputPath", "Parameters", "Result", "ResultPath", "Output"],
        ["Task"] =
        [
            "Next", "End", "Assign", "Resource", "Retry", "Catch", "TimeoutSeconds", "HeartbeatSeconds", "Credentials",
            "InputPath", "OutputPath", "Parameters", "ResultPath", "ResultSelector", "TimeoutSecondsPath", "HeartbeatSecondsPath",
            "Arguments", "Output",
        ],
        ["Choice"] = ["Choices", "Default", "Assign", "InputPath", "OutputPath", "Output"],
        ["Wait"] = ["Next", "End", "Assign", "Seconds", "Timestamp", "InputPath", "OutputPath", "SecondsPath", "TimestampPath", "Output"],
        ["Succeed"] = ["InputPath", "OutputPath", "Output"],
        ["Fail"] = ["Error", "Cause", "ErrorPath", "CausePath"],
        ["Parallel"] = ["Next", "End", "Assign", "Branches", "Retry", "Catch", "InputPath", "OutputPath", "Parameters", "ResultPath", "ResultSelector", "Arguments", "Output"],
        ["Map"] =
        [
            "Next", "End", "Assign", "ItemProcessor", "Iterator", "ItemSelector", "ItemReader", "ItemBatcher", "ResultWriter",
            "MaxConcurrency", "ToleratedFailureCount", "ToleratedFailurePercentage", "Label", "Retry", "Catch",
            "InputPath", "OutputPath", "Parameters", "ResultPath", "ResultSelector", "ItemsPath",
            "MaxConcurrencyPath", "ToleratedFailureCountPath", "ToleratedFailurePercentagePath", "Items", "Output",
        ],
    };

    /// <summary>Validates one state; returns its type when it has a valid one (so transitions can be checked).</summary>
    private string? ValidateState(string name, JsonObject state, string at, string inherited, ProgramScope scope, bool expressContext)
    {
        if (!state.TryGetPropertyValue("Type", out var typeNode))
        {
            Add(ValidationRules.StateType, at, "These fields are required: [Type]");
            return null;
        }

        if (!JsonValues.TryString(typeNode, out var type) || !s_stateTypes.Contains(type))
        {
            Add(ValidationRules.StateType, $"{at}/Type", $"The field 'Type' should have one of these values: [{string.Join(", ", s_stateTypes)}]");
            return null;
        }

        var language = inherited;
        if (state.TryGetPropertyValue("QueryLanguage", out var ql) && QueryLanguage(ql, $"{at}/QueryLanguage") is { } own)
        {
            if (inherited == Jsonata && own == JsonPath)
            {
                Add(ValidationRules.QueryLanguageDowngrade, at, "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine");
            }

            language = own;
        }

        var jsonata = language == Jsonata;
        var allowed = s_fieldsByType[type];
        foreach (var (field, _) in state)
        {
            if (field is "Type" or "Comment" or "QueryLanguage" or "Next" or "End")
            {
                // Next and End are the transition checks' business (T05, T06).
                continue;
            }

            if (!allowed.Contains(field))
            {
                NotSupported(ValidationRules.StateFields, field, at);
            }
            else if (jsonata && s_jsonPathFields.Contains(field))
            {
                Add(ValidationRules.JsonPathOnly, at, $"The field '{field}' is not supported by Step Functions when the QueryLanguage is JSONata");
            }
            else if (!jsonata && s_jsonataFields.Contains(field))
            {
                Add(ValidationRules.JsonataOnly, at, $"The field '{field}' is not supported by Step Functions when the QueryLanguage is JSONPath");
            }
        }

        if (state.TryGetPropertyValue("Comment", out var comment))
        {
            ExpectString(comment, $"{at}/Comment");
        }

        CheckTransitionFields(state, at, type);
        if (jsonata)
        {
            CheckJsonataFields(state, at);
        }
        else
        {
            CheckJsonPathFields(state, at, type);
        }

        if (state.TryGetPropertyValue("Assign", out var assign))
        {
            CheckAssign(assign, $"{at}/Assign", jsonata, scope);
        }

        switch (type)
        {
            case "Task":
                CheckTask(state, at, jsonata, expressContext);
                break;
            case "Wait":
                CheckWait(state, at, jsonata);
                break;
            case "Fail":
                CheckFail(state, at, jsonata);
                break;
            case "Choice":
                CheckChoice(state, at, jsonata, scope);
                break;
            case "Parallel":
                CheckParallel(state, at, language, scope, expressContext);
                break;
            case "Map":
                CheckMap(state, at, language, scope, expressContext);
                break;
        }

        if (type is "Task" or "Parallel" or "Map")
        {
            CheckRetry(state, at);
            CheckCatch(state, at, jsonata);
        }

        return type;
    }

    private void CheckTransitionFields(JsonObject state, string at, string type)
    {
        var hasNext = state.TryGetPropertyValue("Next", out var next);
        var hasEnd = state.TryGetPropertyValue("End", out var end);
        if (hasNext && !(JsonValues.TryString(next, out var n) && n.Length > 0))
        {
            TypeError(next, $"{at}/Next", "String");
        }

        if (hasEnd && !JsonValues.TryBoolean(end, out _))
        {
            TypeError(end, $"{at}/End", "Boolean");
        }

        if (type is "Choice" or "Succeed" or "Fail")
        {
            if (hasNext || hasEnd)
            {
                Add(ValidationRules.NoTransition, at, $"The field '{(hasNext ? "Next" : "End")}' is not supported by Step Functions for a state of type {type}");
            }

            return;
        }

        var ends = hasEnd && JsonValues.TryBoolean(end, out var e) && e;
        if (!hasNext && !ends)
        {
            Add(ValidationRules.NextOrEnd, at, "Exactly one of these fields is required: [Next, End]");
        }
        else if (hasNext && ends)
        {
            Add(ValidationRules.NextOrEnd, at, "Only one of these fields is allowed: [Next, End]");
        }
    }

    private void CheckTask(JsonObject state, string at, bool jsonata, bool expressContext)
    {
        if (!state.TryGetPropertyValue("Resource", out var resourceNode))
        {
            Add(ValidationRules.TaskResource, at, "These fields are required: [Resource]");
        }
        else if (ExpectString(resourceNode, $"{at}/Resource"))
        {
            var resource = resourceNode!.GetValue<string>();
            if (!Definition.TaskResource.TryParse(resource, out var parsed))
            {
                Add(ValidationRules.TaskResource, $"{at}/Resource",
                    $"The resource provided {resource} is not recognized. The value is not a valid resource ARN, or the resource is not available in this region.");
            }
            else if (expressContext)
            {
                CheckExpressResource(parsed, $"{at}/Resource");
            }
        }

        var timeout = Seconds(state, "TimeoutSeconds", at, jsonata);
        var heartbeat = Seconds(state, "HeartbeatSeconds", at, jsonata);
        if (timeout is { } t && heartbeat is { } h && h >= t)
        {
            Add(ValidationRules.HeartbeatBelowTimeout, $"{at}/HeartbeatSeconds", "HeartbeatSeconds must be smaller than TimeoutSeconds");
        }

        if (state.TryGetPropertyValue("Credentials", out var credentials) && ExpectObject(credentials, $"{at}/Credentials"))
        {
            var roleArnFields = jsonata ? new[] { "RoleArn" } : ["RoleArn", "RoleArn.$"];
            foreach (var (key, value) in credentials!.AsObject())
            {
                if (!roleArnFields.Contains(key))
                {
                    NotSupported(ValidationRules.Credentials, key, $"{at}/Credentials");
                }
                else
                {
                    ExpectString(value, $"{at}/Credentials/{key}");
                }
            }

            if (!roleArnFields.Any(credentials.AsObject().ContainsKey))
            {
                Add(ValidationRules.Credentials, $"{at}/Credentials", "The field 'RoleArn' is required but was missing");
            }

            if (!jsonata)
            {
                CheckTemplate(credentials, $"{at}/Credentials");
            }
        }
    }

    /// <summary>A positive whole number of seconds (or a JSONata expression); returns it when literal.</summary>
    private long? Seconds(JsonObject state, string field, string at, bool jsonata)
    {
        var hasValue = state.TryGetPropertyValue(field, out var value);
        if (!jsonata && hasValue && state.ContainsKey(field + "Path"))
        {
            Add(ValidationRules.TaskTimeoutExclusive, at, $"Only one of these fields is allowed: [{field}, {field}Path]");
        }

        if (!hasValue || (jsonata && IsJsonataExpression(value)))
        {
            return null;
        }

        if (JsonValues.IsInteger(value, out var seconds) && seconds is > 0 and <= 99999999)
        {
            return seconds;
        }

        Add(ValidationRules.TaskTimeouts, $"{at}/{field}", jsonata
            ? "The value must be a positive integer no greater than 99999999 or a JSONata expression"
            : "The value must be a positive integer no greater than 99999999");
        return null;
    }

    private void CheckExpressResource(TaskResource resource, string at)
    {
        if (resource.Kind == TaskResourceKind.Activity)
        {
            Add(ValidationRules.ExpressPatterns, at, "Express state machine does not support Activity ARN");
        }
        else if (resource.Pattern == "waitForTaskToken")
        {
            // AWS's message ends with a space before " at".
            Add(ValidationRules.ExpressPatterns, at, "Express state machine does not support '.waitForTaskToken' service integration ");
        }
        else if (resource.Pattern.StartsWith("sync", StringComparison.Ordinal))
        {
            Add(ValidationRules.ExpressPatterns, at, "Express state machine does not support '.sync' service integration");
        }
    }

    private void CheckWait(JsonObject state, string at, bool jsonata)
    {
        var fields = new[] { "Seconds", "SecondsPath", "Timestamp", "TimestampPath" };
        if (fields.Count(state.ContainsKey) != 1)
        {
            Add(ValidationRules.WaitOneOf, at, $"Exactly one of these fields is required: [{string.Join(", ", fields)}]");
        }

        if (state.TryGetPropertyValue("Seconds", out var seconds) && !(jsonata && IsJsonataExpression(seconds))
            && !(JsonValues.IsInteger(seconds, out var s) && s is >= 0 and <= 99999999))
        {
            Add(ValidationRules.WaitValues, $"{at}/Seconds", "The value must be a non-negative integer no greater than 99999999");
        }

        if (state.TryGetPropertyValue("Timestamp", out var stamp) && !(jsonata && IsJsonataExpression(stamp))
            && !(JsonValues.TryString(stamp, out var text) && Timestamps.TryParse(text, out _)))
        {
            Add(ValidationRules.WaitValues, $"{at}/Timestamp", "String does not match RFC3339 timestamp");
        }
    }

    private void CheckFail(JsonObject state, string at, bool jsonata)
    {
        foreach (var field in new[] { "Error", "Cause" })
        {
            if (state.ContainsKey(field) && state.ContainsKey(field + "Path"))
            {
                Add(ValidationRules.FailExclusive, at, $"Only one of these fields is allowed: [{field}, {field}Path]");
            }

            if (state.TryGetPropertyValue(field, out var value) && ExpectString(value, $"{at}/{field}") && !jsonata
                && value!.GetValue<string>() is var text && (text == "$" || text.StartsWith("$.", StringComparison.Ordinal) || text.StartsWith("$$.", StringComparison.Ordinal)))
            {
                Add(ValidationRules.NoPath, $"{at}/{field}", $"The value of the field '{field}' looks like a path; use '{field}Path' to read it from the input");
            }
        }
    }

    private void CheckParallel(JsonObject state, string at, string language, ProgramScope scope, bool expressContext)
    {
        if (!state.TryGetPropertyValue("Branches", out var node))
        {
            Add(ValidationRules.Branches, at, "These fields are required: [Branches]");
            return;
        }

        if (node is not JsonArray branches)
        {
            TypeError(node, $"{at}/Branches", "Array");
            return;
        }

        if (branches.Count == 0)
        {
            Add(ValidationRules.Branches, $"{at}/Branches", "Value cannot be empty");
            return;
        }

        for (var i = 0; i < branches.Count; i++)
        {
            var branchAt = $"{at}/Branches[{i}]";
            if (branches[i] is not JsonObject branch)
            {
                TypeError(branches[i], branchAt, "Object");
                continue;
            }

            foreach (var (key, _) in branch)
            {
                if (key is not ("StartAt" or "States" or "Comment"))
                {
                    NotSupported(ValidationRules.Branches, key, branchAt);
                }
            }

            ValidateProgram(branch, branchAt, language, scope.Child(), expressContext, ValidationRules.Branches);
        }
    }
}
