using System.Text.Json.Serialization;

namespace Sluice.Shared.Runtime;

/// <summary>The body Lambda expects on <c>/error</c> and <c>/init/error</c>.</summary>
public sealed record ErrorBody(
    [property: JsonPropertyName("errorType")] string ErrorType,
    [property: JsonPropertyName("errorMessage")] string ErrorMessage,
    [property: JsonPropertyName("stackTrace")] IReadOnlyList<string> StackTrace)
{
    public static ErrorBody From(Exception exception)
    {
        var type = exception is FunctionException typed ? typed.ErrorType : exception.GetType().Name;
        var trace = exception.StackTrace is { } text
            ? text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
        return new ErrorBody(type, exception.Message, trace);
    }
}
