using System.Text.Json;
using Sluice.Shared.Aws;

namespace Sluice.Shared.Executions;

/// <summary>What an execution's input and output say about the order: its id, and the failure a Catch recorded.</summary>
public static class ExecutionData
{
    /// <summary>The order id: the input event's <c>subject</c>, else <c>data.orderId</c>, else a top-level <c>orderId</c>.</summary>
    public static string? OrderId(string? input)
    {
        using var document = Parse(input);
        if (document?.RootElement is not { ValueKind: JsonValueKind.Object } root)
        {
            return null;
        }

        return Text(root, "subject")
            ?? (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object ? Text(data, "orderId") : null)
            ?? Text(root, "orderId");
    }

    /// <summary>
    /// The error a Catch put into the output (the workflow's <c>ResultPath: $.failure</c>, as
    /// <c>{"Error", "Cause"}</c>): a SUCCEEDED execution that carries one rejected its order.
    /// </summary>
    public static (string Error, string? Cause)? CaughtFailure(string? output)
    {
        using var document = Parse(output);
        if (document?.RootElement is not { ValueKind: JsonValueKind.Object } root
            || !root.TryGetProperty("failure", out var failure) || failure.ValueKind != JsonValueKind.Object
            || Text(failure, "Error") is not { } error)
        {
            return null;
        }

        return (error, Text(failure, "Cause"));
    }

    /// <summary>
    /// How an execution ended for its order: confirmed, or rejected when a Catch left a failure in
    /// the output of a SUCCEEDED execution; failed, timed out or aborted; null while it runs. The
    /// error and cause are the caught failure's or the execution's (the cause as a person reads it).
    /// </summary>
    public static (string? Outcome, string? Error, string? Cause) Outcome(DescribeExecutionResult described)
    {
        ArgumentNullException.ThrowIfNull(described);
        return Outcome(described.Status, described.Output, described.Error, described.Cause);
    }

    /// <summary>The same from an execution's status, output, error and cause as DescribeExecution gives them.</summary>
    public static (string? Outcome, string? Error, string? Cause) Outcome(string status, string? output, string? error, string? cause) => status switch
    {
        "RUNNING" or "PENDING_REDRIVE" => (null, null, null),
        "SUCCEEDED" => CaughtFailure(output) is { } failure ? ("rejected", failure.Error, ErrorText.Readable(failure.Cause)) : ("confirmed", null, null),
        "TIMED_OUT" => ("timed out", error, ErrorText.Readable(cause)),
        "ABORTED" => ("aborted", error, ErrorText.Readable(cause)),
        _ => ("failed", error, ErrorText.Readable(cause)),
    };

    private static JsonDocument? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}
