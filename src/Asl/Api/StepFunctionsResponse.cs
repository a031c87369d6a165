namespace Sluice.Asl.Api;

/// <summary>An AWS JSON 1.0 response: the HTTP status and the body (a result, or {"__type","message"}).</summary>
public sealed record StepFunctionsResponse(int StatusCode, string Body)
{
    public const string ContentType = "application/x-amz-json-1.0";
}
