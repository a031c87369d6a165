namespace Sluice.Asl.Query;

/// <summary>A Step Functions JSONata function refused its arguments.</summary>
internal sealed class StepFunctionsFunctionException(string message) : Exception(message);
