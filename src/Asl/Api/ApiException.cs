namespace Sluice.Asl.Api;

/// <summary>An API error with AWS's code (InvalidArn, StateMachineDoesNotExist ...) and message.</summary>
internal sealed class ApiException(string code, string message, int statusCode = 400) : Exception(message)
{
    public string Code { get; } = code;

    public int StatusCode { get; } = statusCode;
}
