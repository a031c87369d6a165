namespace Sluice.Asl.Definition.Validation;

/// <summary>One check the definition validator makes, as docs/step-functions.md lists it.</summary>
internal sealed record ValidationRule(string Id, string Code, string Severity, string Summary);
