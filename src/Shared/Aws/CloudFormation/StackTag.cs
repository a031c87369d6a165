namespace Sluice.Shared.Aws.CloudFormation;

public sealed record StackTag(string Key, string Value)
{
    internal static StackTag FromXml(XmlNode member) =>
        new(member.Required("Key", "CloudFormation Tag"), member.ChildText("Value") ?? string.Empty);

    internal static void Write(QueryForm form, string prefix, StackTag tag)
    {
        form.Add(prefix + "Key", tag.Key);
        form.Add(prefix + "Value", tag.Value);
    }
}
