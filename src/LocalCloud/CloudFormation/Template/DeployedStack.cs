namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>A template deployed into the local cloud: every resource in creation order, and the outputs.</summary>
internal sealed record DeployedStack(LoadedTemplate Template, IReadOnlyList<DeployedResource> Resources, IReadOnlyDictionary<string, string> Outputs)
{
    /// <summary>How a stack the data directory kept was met: null when it was created now.</summary>
    public string? Kept { get; init; }

    public DeployedResource this[string logicalId] =>
        Resources.FirstOrDefault(r => r.LogicalId == logicalId) ?? throw new KeyNotFoundException($"no resource {logicalId} in the stack");

    /// <summary>The start-up summary: what was created where, what is only named, and the outputs.</summary>
    public void Write(TextWriter output)
    {
        var settings = Template.Settings;
        output.WriteLine($"Stack {settings.StackName} from {Template.Path} (region {settings.Region}, account {settings.AccountId})"
            + (Kept is null ? "" : $": {Kept}"));
        Section(output, "Created:", ResourceStatus.Created, r => Join(r.PhysicalId, r.Attributes.GetValueOrDefault("Arn")));
        Section(output, "Not emulated locally (named as CloudFormation would, nothing acts on them):", ResourceStatus.NotEmulated,
            r => Join(r.Attributes.GetValueOrDefault("Arn") ?? r.PhysicalId, r.Note));
        Section(output, "Not created (condition false):", ResourceStatus.ConditionFalse, r => r.Note ?? "");
        output.WriteLine("Outputs:");
        var width = Outputs.Keys.DefaultIfEmpty("").Max(k => k.Length);
        foreach (var (name, value) in Outputs)
        {
            output.WriteLine($"  {name.PadRight(width)}  {value}");
        }
    }

    private void Section(TextWriter output, string title, ResourceStatus status, Func<DeployedResource, string> describe)
    {
        var rows = Resources.Where(r => r.Status == status).ToList();
        if (rows.Count == 0)
        {
            return;
        }
        output.WriteLine(title);
        var idWidth = rows.Max(r => r.LogicalId.Length);
        var typeWidth = rows.Max(r => r.Type.Length);
        foreach (var r in rows)
        {
            output.WriteLine($"  {r.LogicalId.PadRight(idWidth)}  {r.Type.PadRight(typeWidth)}  {describe(r)}");
        }
    }

    private static string Join(string first, string? second) =>
        second is null || second == first ? first : $"{first}  {second}";
}
