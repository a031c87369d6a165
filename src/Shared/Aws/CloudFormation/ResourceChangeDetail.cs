namespace Sluice.Shared.Aws.CloudFormation;

/// <summary>
/// Why a resource changes: the <c>Target</c> (Properties, Metadata, Tags... and the property
/// <see cref="TargetName"/>), whether it forces recreation (Never, Conditionally, Always), and what
/// caused it (<see cref="ChangeSource"/>: DirectModification, ParameterReference, ResourceReference...).
/// </summary>
public sealed record ResourceChangeDetail
{
    public string? TargetAttribute { get; init; }

    public string? TargetName { get; init; }

    public string? RequiresRecreation { get; init; }

    /// <summary>Static (known now) or Dynamic (decided when executed).</summary>
    public string? Evaluation { get; init; }

    public string? ChangeSource { get; init; }

    public string? CausingEntity { get; init; }

    internal static ResourceChangeDetail FromXml(XmlNode member)
    {
        var target = member.Child("Target");
        return new()
        {
            TargetAttribute = target?.ChildText("Attribute"),
            TargetName = target?.ChildText("Name"),
            RequiresRecreation = target?.ChildText("RequiresRecreation"),
            Evaluation = member.ChildText("Evaluation"),
            ChangeSource = member.ChildText("ChangeSource"),
            CausingEntity = member.ChildText("CausingEntity"),
        };
    }
}
