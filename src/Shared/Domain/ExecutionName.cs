using System.Security.Cryptography;
using System.Text;

namespace Sluice.Shared.Domain;

/// <summary>
/// The Step Functions execution name for an event: the event id itself when it is a valid name
/// (so an order's execution is found by its event id), otherwise the id's allowed characters
/// with a short hash of the whole id, so distinct ids never share a name.
/// </summary>
public static class ExecutionName
{
    public const int MaxLength = 80;
    private const int HashHexDigits = 8;

    public static string FromEventId(string eventId)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventId);
        if (eventId.Length <= MaxLength && eventId.All(IsAllowed))
        {
            return eventId;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventId)))[..HashHexDigits];
        var keep = Math.Min(eventId.Length, MaxLength - HashHexDigits - 1);
        var prefix = new StringBuilder(keep + HashHexDigits + 1);
        foreach (var c in eventId.AsSpan(0, keep))
        {
            prefix.Append(IsAllowed(c) ? c : '_');
        }

        return prefix.Append('-').Append(hash).ToString();
    }

    /// <summary>
    /// Letters, digits, '-' and '_': the characters AWS allows in every execution name and that
    /// CloudWatch Logs also accepts (AWS's advice for state machines that log).
    /// </summary>
    public static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
}
