using System.Globalization;

namespace Sluice.Shared.Aws;

/// <summary>
/// One element of a parsed AWS query-protocol response: local name (namespace prefix dropped),
/// decoded text and child elements. Attributes are not kept: AWS responses carry no data in them.
/// </summary>
internal sealed class XmlNode(string name)
{
    public string Name { get; } = name;

    public string Text { get; set; } = string.Empty;

    public List<XmlNode> Children { get; } = [];

    public XmlNode? Child(string name) => Children.Find(c => c.Name == name);

    public string? ChildText(string name) => Child(name)?.Text;

    /// <summary>Follows a path of child names, e.g. <c>Child("PublishResult", "MessageId")</c>.</summary>
    public XmlNode? Descend(params ReadOnlySpan<string> path)
    {
        var node = this;
        foreach (var step in path)
        {
            node = node.Child(step);
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    public IEnumerable<XmlNode> Members(string listName) =>
        Child(listName)?.Children.Where(c => c.Name == "member") ?? [];

    /// <summary>A child's text, or an <see cref="InvalidDataException"/> naming what is missing.</summary>
    public string Required(string name, string what) =>
        ChildText(name) is { Length: > 0 } value ? value : throw new InvalidDataException($"{what} has no {name}.");

    /// <summary>A list member <c>&lt;name&gt;&lt;member&gt;text&lt;/member&gt;...&lt;/name&gt;</c> as strings.</summary>
    public IReadOnlyList<string> Strings(string listName) => [.. Members(listName).Select(m => m.Text)];

    public bool? Bool(string name) => ChildText(name)?.Trim() switch
    {
        null or "" => null,
        var text when text.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
        var text when text.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
        var text => throw new InvalidDataException($"<{name}> is not a boolean: '{text}'."),
    };

    public int? Int(string name) => ChildText(name)?.Trim() switch
    {
        null or "" => null,
        var text => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException($"<{name}> is not an integer: '{text}'."),
    };

    /// <summary>An ISO 8601 timestamp, the query protocol's format (e.g. <c>2026-11-26T12:00:00.123Z</c>).</summary>
    public DateTimeOffset? Time(string name) => ChildText(name)?.Trim() switch
    {
        null or "" => null,
        var text => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : throw new InvalidDataException($"<{name}> is not an ISO 8601 timestamp: '{text}'."),
    };
}
