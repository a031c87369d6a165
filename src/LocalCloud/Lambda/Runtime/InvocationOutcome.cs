namespace Sluice.LocalCloud.Lambda.Runtime;

/// <summary>
/// What one invocation produced: the response payload, or a function error whose payload is the error
/// document (<c>errorType</c>, <c>errorMessage</c>, ...) and whose type is <see cref="ErrorType"/>.
/// <see cref="EnvironmentLost"/> says the environment cannot be reused (timeout, crash, init failure).
/// </summary>
internal sealed record InvocationOutcome(byte[] Payload, string? ErrorType, bool EnvironmentLost = false)
{
    public bool IsError => ErrorType is not null;

    public static InvocationOutcome Success(byte[] payload) => new(payload, null);

    public static InvocationOutcome Error(string errorType, string message, bool environmentLost) =>
        new(ErrorDocument(errorType, message), errorType, environmentLost);

    /// <summary>Lambda's own error document, as it returns it for Sandbox.Timedout and Runtime.* errors.</summary>
    public static byte[] ErrorDocument(string errorType, string message)
    {
        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("errorType", errorType);
            writer.WriteString("errorMessage", message);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
