namespace Sluice.LocalCloud.StepFunctions;

/// <summary>A Task's Parameters that cannot make a request (a missing or mistyped field).</summary>
internal sealed class IntegrationParameterException(string message) : Exception(message);
