using System.Text;

namespace Sluice.Shared.Tests.Aws;

internal sealed record RecordedRequest(string Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The form fields of a query-protocol body, decoded, in order.</summary>
    public List<KeyValuePair<string, string>> Form() =>
        [.. BodyText.Split('&').Select(p => p.Split('=', 2)).Select(p => new KeyValuePair<string, string>(
            Uri.UnescapeDataString(p[0]), Uri.UnescapeDataString(p[1])))];
}
