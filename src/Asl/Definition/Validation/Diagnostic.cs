namespace Sluice.Asl.Definition.Validation;

/// <summary>
/// One finding about a definition, in ValidateStateMachineDefinition's shape (severity, code,
/// message, location) plus the catalogue rule that produced it.
/// </summary>
internal sealed record Diagnostic(string Severity, string Code, string Message, string? Location, string RuleId)
{
    public const string Error = "ERROR";
    public const string Warning = "WARNING";

    public bool IsError => Severity == Error;

    /// <summary>The form CreateStateMachine joins into its InvalidDefinition message: "CODE: message at /location".</summary>
    public override string ToString() => Location is null ? $"{Code}: {Message}" : $"{Code}: {Message} at {Location}";
}
