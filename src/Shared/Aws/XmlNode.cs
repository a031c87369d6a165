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
}
