namespace Sluice.Shared.Aws.CloudFormation;

/// <summary>A stack's or resource's drift status as of its last check (DRIFTED, IN_SYNC, UNKNOWN, NOT_CHECKED; resources also DELETED).</summary>
public sealed record DriftInformation(string Status, DateTimeOffset? LastCheckTimestamp)
{
    internal static DriftInformation? FromXml(XmlNode? node, string statusName) =>
        node is null ? null : new(node.Required(statusName, "CloudFormation DriftInformation"), node.Time("LastCheckTimestamp"));
}
