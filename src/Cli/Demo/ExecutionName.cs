using System.Security.Cryptography;
using System.Text;

namespace Sluice.Cli.Demo;

/// <summary>The execution name the Processor gives an order.placed event (docs/contracts.md, "Execution input and name").</summary>
internal static class ExecutionName
{
    public static string For(string eventId)
    {
        if (eventId.Length is >= 1 and <= 80 && eventId.All(Allowed))
        {
            return eventId;
        }
        var cleaned = new string([.. eventId.Select(c => Allowed(c) ? c : '_')]);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventId)))[..8];
        return $"{cleaned[..Math.Min(cleaned.Length, 71)]}-{hash}";
    }

    private static bool Allowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';
}
