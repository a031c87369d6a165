namespace Sluice.Asl.Definition.Validation;

/// <summary>
/// The variables a States object assigns (the top level, a Parallel branch, a Map item processor),
/// for the rule that an inner scope cannot assign a name an enclosing scope assigns.
/// </summary>
internal sealed class ProgramScope(ProgramScope? parent)
{
    public ProgramScope? Parent { get; } = parent;

    /// <summary>Each assigned name and where it is first assigned.</summary>
    public Dictionary<string, string> Assigned { get; } = new(StringComparer.Ordinal);

    public List<ProgramScope> Children { get; } = [];

    public ProgramScope Child()
    {
        var child = new ProgramScope(this);
        Children.Add(child);
        return child;
    }

    public void Assign(string name, string location) => Assigned.TryAdd(name, location);
}
