namespace Sluice.Shared.Aws.CloudFormation;

public sealed record StackOutput(string Key, string? Value)
{
    public string? Description { get; init; }

    /// <summary>The name the output is exported under (Fn::ImportValue), if any.</summary>
    public string? ExportName { get; init; }

    internal static StackOutput FromXml(XmlNode member) =>
        new(member.Required("OutputKey", "CloudFormation Output"), member.ChildText("OutputValue"))
        {
            Description = member.ChildText("Description"),
            ExportName = member.ChildText("ExportName"),
        };
}
