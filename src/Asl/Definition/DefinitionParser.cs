using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Asl.Definition.Validation;

namespace Sluice.Asl.Definition;

/// <summary>
/// Reads an ASL document the way CreateStateMachine does: checks it against every rule of
/// <see cref="ValidationRules"/> (collecting all problems into one InvalidDefinition message,
/// "Invalid State Machine Definition: 'A, B'"), then builds the model the engine runs.
/// </summary>
internal static partial class DefinitionParser
{
    /// <summary>Every diagnostic, errors and warnings, as ValidateStateMachineDefinition reports them.</summary>
    public static IReadOnlyList<Diagnostic> Validate(string json, bool express = false) => Read(json, express).Diagnostics;

    public static StateMachineDefinition Parse(string json, bool express = false)
    {
        var (root, diagnostics) = Read(json, express);
        var errors = diagnostics.Where(d => d.IsError).ToList();
        if (errors.Count > 0 || root is null)
        {
            throw new DefinitionException(errors);
        }

        return BuildProgram(root, QueryLanguageOf(root["QueryLanguage"], QueryLanguageKind.JsonPath), topLevel: true);
    }

    private static (JsonObject? Root, IReadOnlyList<Diagnostic> Diagnostics) Read(string json, bool express)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return (null, [Error(ValidationRules.JsonObject, null, "Definition must be a valid JSON object")]);
        }

        if (JsonSyntax.Check(json) is { } problem)
        {
            var rule = problem.Kind switch
            {
                JsonSyntax.ProblemKind.DuplicateKey => ValidationRules.DuplicateKey,
                JsonSyntax.ProblemKind.TooDeep => ValidationRules.TooDeep,
                _ => ValidationRules.JsonSyntax,
            };
            if (problem.Kind == JsonSyntax.ProblemKind.DuplicateKey && problem.Path is { } path && path.LastIndexOf('/') is var slash && path[..slash].EndsWith("/States", StringComparison.Ordinal))
            {
                return (null, [Error(ValidationRules.StateNameUnique, path, $"Duplicate State name: {path[(slash + 1)..]}")]);
            }

            return problem.Kind == JsonSyntax.ProblemKind.TooDeep
                ? (null, [Error(rule, null, problem.Reason)])
                : (null, [Error(rule, problem.Location, $"{problem.Reason}\n at {problem.Location}")]);
        }

        if (JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = JsonSyntax.MaxDepth + 64 }) is not JsonObject root)
        {
            return (null, [Error(ValidationRules.JsonObject, null, "Definition must be a valid JSON object")]);
        }

        return (root, DefinitionValidator.Validate(root, express));
    }

    private static Diagnostic Error(ValidationRule rule, string? location, string message) =>
        new(rule.Severity, rule.Code, message, location, rule.Id);

    private static QueryLanguageKind QueryLanguageOf(JsonNode? node, QueryLanguageKind inherited) =>
        JsonValues.TryString(node, out var s) ? s == "JSONata" ? QueryLanguageKind.Jsonata : QueryLanguageKind.JsonPath : inherited;

    private static StateMachineDefinition BuildProgram(JsonObject obj, QueryLanguageKind language, bool topLevel)
    {
        var states = new Dictionary<string, StateDefinition>(StringComparer.Ordinal);
        foreach (var (name, value) in obj["States"]!.AsObject())
        {
            states[name] = BuildState(name, value!.AsObject(), language);
        }

        int? timeout = topLevel && JsonValues.IsInteger(obj["TimeoutSeconds"], out var t) ? (int)t : null;
        return new StateMachineDefinition
        {
            StartAt = obj["StartAt"]!.GetValue<string>(),
            States = states,
            QueryLanguage = language,
            TimeoutSeconds = timeout,
            Raw = obj,
        };
    }

    private static StateDefinition BuildState(string name, JsonObject obj, QueryLanguageKind inherited)
    {
        var type = obj["Type"]!.GetValue<string>();
        var language = QueryLanguageOf(obj["QueryLanguage"], inherited);
        var branches = new List<StateMachineDefinition>();
        StateMachineDefinition? processor = null;
        if (type == "Parallel")
        {
            branches.AddRange(obj["Branches"]!.AsArray().Select(b => BuildProgram(b!.AsObject(), language, topLevel: false)));
        }
        else if (type == "Map")
        {
            processor = BuildProgram((obj["ItemProcessor"] ?? obj["Iterator"])!.AsObject(), language, topLevel: false);
        }

        return new StateDefinition
        {
            Name = name,
            Type = type,
            Raw = obj,
            QueryLanguage = language,
            Next = JsonValues.TryString(obj["Next"], out var next) ? next : null,
            End = JsonValues.TryBoolean(obj["End"], out var end) && end,
            Retry = BuildRetry(obj),
            Catch = BuildCatch(obj),
            Branches = branches,
            Processor = processor,
        };
    }
}
