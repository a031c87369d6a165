using System.Security.Cryptography;
using System.Text;

namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>
/// The names CloudFormation generates for resources without an explicit name: <c>stack-LogicalId-SUFFIX</c>,
/// the parts cut to fit the service's limit. The suffix is derived from the stack and logical id, so it
/// is the same on every start (CloudFormation draws it at random).
/// </summary>
internal static class PhysicalNames
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <param name="generation">0 for a first creation; a replacement's number, so its name differs from the resource it replaces.</param>
    public static string Generate(string stackName, string logicalId, int maxLength, string suffix = "", int generation = 0)
    {
        var random = Token(stackName + "/" + logicalId + (generation == 0 ? "" : "#" + generation.ToString(System.Globalization.CultureInfo.InvariantCulture)), 12);
        var budget = maxLength - random.Length - suffix.Length - 2;
        // CloudFormation gives the stack name and the logical id at most half of what is left each.
        var stackPart = Cut(stackName, Math.Max(1, budget / 2 + (budget % 2)));
        var idPart = Cut(logicalId, Math.Max(1, budget - stackPart.Length));
        return $"{stackPart}-{idPart}-{random}{suffix}";
    }

    /// <summary>A name without the stack (state machines: <c>LogicalId-suffix</c>).</summary>
    public static string WithoutStack(string stackName, string logicalId, int maxLength, int generation = 0) =>
        $"{Cut(logicalId, maxLength - 13)}-{Token(stackName + "/" + logicalId + (generation == 0 ? "" : "#" + generation.ToString(System.Globalization.CultureInfo.InvariantCulture)), 12)}";

    /// <summary>A UUID-shaped identifier derived from the stack and the logical id (key ids, mapping ids).</summary>
    public static Guid DeterministicId(string stackName, string logicalId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("id/" + stackName + "/" + logicalId));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x40);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];

    /// <summary>Upper-case letters and digits derived from <paramref name="seed"/>.</summary>
    public static string Token(string seed, int length)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = Alphabet[hash[i] % Alphabet.Length];
        }
        return new string(chars);
    }
}
