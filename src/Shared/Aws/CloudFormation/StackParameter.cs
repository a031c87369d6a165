namespace Sluice.Shared.Aws.CloudFormation;

/// <summary>A template parameter's value: given, or the previous one kept (<see cref="UsePreviousValue"/>).</summary>
public sealed record StackParameter(string Key, string? Value)
{
    public bool? UsePreviousValue { get; init; }

    /// <summary>For SSM parameter types: the value the parameter resolved to (in answers only).</summary>
    public string? ResolvedValue { get; init; }

    internal static StackParameter FromXml(XmlNode member) =>
        new(member.Required("ParameterKey", "CloudFormation Parameter"), member.ChildText("ParameterValue"))
        {
            UsePreviousValue = member.Bool("UsePreviousValue"),
            ResolvedValue = member.ChildText("ResolvedValue"),
        };

    internal static void Write(QueryForm form, string prefix, StackParameter parameter)
    {
        form.Add(prefix + "ParameterKey", parameter.Key);
        form.AddIfSet(prefix + "ParameterValue", parameter.Value);
        form.AddIfSet(prefix + "UsePreviousValue", parameter.UsePreviousValue);
    }
}
