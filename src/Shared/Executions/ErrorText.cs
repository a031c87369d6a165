using System.Text.Json;

namespace Sluice.Shared.Executions;

/// <summary>
/// A cause as a person reads it. A Lambda error's cause is the function's error JSON
/// (<c>{"errorType", "errorMessage", "stackTrace"}</c>): its message is kept and the stack trace
/// dropped; plain text loses any .NET stack trace lines and is kept to its first line.
/// </summary>
public static class ErrorText
{
    public static string? Readable(string? cause)
    {
        if (string.IsNullOrWhiteSpace(cause))
        {
            return null;
        }

        var text = cause.Trim();
        if (text.StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object)
                {
                    foreach (var name in (string[])["errorMessage", "ErrorMessage", "Cause", "message"])
                    {
                        if (root.TryGetProperty(name, out var message) && message.ValueKind == JsonValueKind.String)
                        {
                            return Readable(message.GetString());
                        }
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: read it as text.
            }
        }

        var lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith("at ", StringComparison.Ordinal) && !l.StartsWith("--- End of", StringComparison.Ordinal))
            .ToList();
        return lines.Count == 0 ? null : lines[0];
    }
}
