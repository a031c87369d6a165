using System.Text.Json.Nodes;

namespace Sluice.Asl.Definition.Validation;

/// <summary>
/// Checks a parsed definition against every rule in <see cref="ValidationRules"/> and collects all
/// findings (errors and warnings) in document order, the way ValidateStateMachineDefinition reports
/// them; CreateStateMachine and UpdateStateMachine refuse a definition with any error.
/// </summary>
internal sealed partial class DefinitionValidator
{
    private const string JsonPath = "JSONPath";
    private const string Jsonata = "JSONata";

    private static readonly string[] s_topLevelFields = ["Comment", "StartAt", "States", "TimeoutSeconds", "Version", "QueryLanguage"];

    private readonly List<Diagnostic> _diagnostics = [];
    private readonly bool _express;
    private readonly Dictionary<string, string> _stateNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _labels = new(StringComparer.Ordinal);
    private readonly ProgramScope _rootScope = new(null);

    private DefinitionValidator(bool express) => _express = express;

    public static IReadOnlyList<Diagnostic> Validate(JsonObject root, bool express)
    {
        var validator = new DefinitionValidator(express);
        validator.ValidateRoot(root);
        validator.CheckVariableScopes(validator._rootScope);
        return validator._diagnostics;
    }

    private void Add(ValidationRule rule, string? location, string message) =>
        _diagnostics.Add(new Diagnostic(rule.Severity, rule.Code, message, location, rule.Id));

    private void ValidateRoot(JsonObject root)
    {
        var language = JsonPath;
        if (root.TryGetPropertyValue("QueryLanguage", out var ql))
        {
            language = QueryLanguage(ql, "/QueryLanguage") ?? JsonPath;
        }

        foreach (var (key, _) in root)
        {
            if (!s_topLevelFields.Contains(key))
            {
                NotSupported(ValidationRules.TopFields, key, "/");
            }
        }

        if (root.TryGetPropertyValue("Comment", out var comment))
        {
            ExpectString(comment, "/Comment");
        }

        if (root.TryGetPropertyValue("Version", out var version))
        {
            ExpectString(version, "/Version");
        }

        if (root.TryGetPropertyValue("TimeoutSeconds", out var timeout)
            && !(JsonValues.IsInteger(timeout, out var seconds) && seconds is > 0 and <= 99999999))
        {
            Add(ValidationRules.MachineTimeout, "/TimeoutSeconds", "The value must be a positive integer no greater than 99999999");
        }

        ValidateProgram(root, string.Empty, language, _rootScope, expressContext: _express, requiredRule: ValidationRules.TopRequired);
    }

    /// <summary>A States object with its StartAt: the top level, a branch or an item processor.</summary>
    private void ValidateProgram(JsonObject program, string at, string language, ProgramScope scope, bool expressContext, ValidationRule requiredRule)
    {
        var missing = new List<string>();
        if (!program.ContainsKey("States"))
        {
            missing.Add("States");
        }

        if (!program.ContainsKey("StartAt"))
        {
            missing.Add("StartAt");
        }

        if (missing.Count > 0)
        {
            Add(requiredRule, at.Length == 0 ? "/" : at, $"These fields are required: [{string.Join(", ", missing)}]");
        }

        string? startAt = null;
        if (program.TryGetPropertyValue("StartAt", out var startNode))
        {
            if (JsonValues.TryString(startNode, out var s) && s.Length > 0)
            {
                startAt = s;
            }
            else
            {
                TypeError(startNode, $"{at}/StartAt", "String");
            }
        }

        if (!program.TryGetPropertyValue("States", out var statesNode))
        {
            return;
        }

        if (statesNode is not JsonObject states)
        {
            TypeError(statesNode, $"{at}/States", "Object");
            return;
        }

        if (states.Count == 0)
        {
            Add(ValidationRules.StatesNotEmpty, $"{at}/States", "Value cannot be empty");
            return;
        }

        var parsed = new List<(string Name, JsonObject State, string Type)>();
        foreach (var (name, value) in states)
        {
            var stateAt = $"{at}/States/{name}";
            CheckStateName(name, stateAt);
            if (value is not JsonObject state)
            {
                TypeError(value, stateAt, "Object");
                continue;
            }

            if (ValidateState(name, state, stateAt, language, scope, expressContext) is { } type)
            {
                parsed.Add((name, state, type));
            }
        }

        CheckFlow(at, states, startAt, parsed);
    }

    private void CheckStateName(string name, string at)
    {
        if (name.Length is 0 or > 80)
        {
            Add(ValidationRules.StateNameLength, at, "State names must be between 1 and 80 characters long");
        }

        if (!_stateNames.TryAdd(name, at))
        {
            Add(ValidationRules.StateNameUnique, at, $"Duplicate State name: {name}");
        }
    }

    private string? QueryLanguage(JsonNode? node, string at)
    {
        if (JsonValues.TryString(node, out var s) && s is JsonPath or Jsonata)
        {
            return s;
        }

        Add(ValidationRules.QueryLanguageValue, at, "The field 'QueryLanguage' should have one of these values: [JSONPath, JSONata]");
        return null;
    }

    private void NotSupported(ValidationRule rule, string field, string at) =>
        Add(rule, at, $"The field '{field}' is not supported by Step Functions");

    private void TypeError(JsonNode? node, string at, string expected) =>
        Add(ValidationRules.FieldType, at, node is null ? $"Expected value of type {expected} but was null" : $"Expected value of type {expected}");

    private bool ExpectString(JsonNode? node, string at)
    {
        if (JsonValues.TryString(node, out _))
        {
            return true;
        }

        TypeError(node, at, "String");
        return false;
    }

    private bool ExpectObject(JsonNode? node, string at)
    {
        if (node is JsonObject)
        {
            return true;
        }

        TypeError(node, at, "Object");
        return false;
    }

    /// <summary>True for a string JSONata evaluates: one that opens with {% and closes with %}.</summary>
    internal static bool IsJsonataExpression(JsonNode? node) =>
        JsonValues.TryString(node, out var s) && s.StartsWith("{%", StringComparison.Ordinal) && s.EndsWith("%}", StringComparison.Ordinal) && s.Length >= 4;
}
