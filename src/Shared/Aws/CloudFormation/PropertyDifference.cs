namespace Sluice.Shared.Aws.CloudFormation;

/// <summary>One property that differs from the template: its JSON pointer path, the values, and ADD, REMOVE or NOT_EQUAL.</summary>
public sealed record PropertyDifference(string PropertyPath, string? ExpectedValue, string? ActualValue, string DifferenceType)
{
    internal static PropertyDifference FromXml(XmlNode member) =>
        new(member.Required("PropertyPath", "CloudFormation PropertyDifference"), member.ChildText("ExpectedValue"), member.ChildText("ActualValue"),
            member.Required("DifferenceType", "CloudFormation PropertyDifference"));
}
