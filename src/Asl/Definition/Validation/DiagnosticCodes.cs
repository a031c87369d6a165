namespace Sluice.Asl.Definition.Validation;

/// <summary>The diagnostic codes the ValidateStateMachineDefinition API reference lists.</summary>
internal static class DiagnosticCodes
{
    public const string InvalidJson = "INVALID_JSON_DESCRIPTION";
    public const string MissingDescription = "MISSING_DESCRIPTION";
    public const string Schema = "SCHEMA_VALIDATION_FAILED";
    public const string InvalidResource = "INVALID_RESOURCE";
    public const string MissingEndState = "MISSING_END_STATE";
    public const string DuplicateStateName = "DUPLICATE_STATE_NAME";
    public const string InvalidStateName = "INVALID_STATE_NAME";
    public const string DuplicateLabelName = "DUPLICATE_LABEL_NAME";
    public const string InvalidLabelName = "INVALID_LABEL_NAME";
    public const string MissingTransitionTarget = "MISSING_TRANSITION_TARGET";
    public const string TooDeeplyNested = "TOO_DEEPLY_NESTED";

    public const string NoDollar = "NO_DOLLAR";
    public const string NoPath = "NO_PATH";
    public const string PassResultIsStatic = "PASS_RESULT_IS_STATIC";
}
