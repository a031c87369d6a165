namespace Sluice.Shared.Executions;

/// <summary>
/// A line of work inside an execution: the main flow, a Parallel branch (labelled with its first
/// state) or a Map iteration (labelled <c>[index]</c>); <see cref="Id"/> is the path from the main
/// flow, unique in the execution.
/// </summary>
public sealed record Lane(string Id, string Label, int Depth, string? ParentId)
{
    public static readonly Lane Main = new(string.Empty, string.Empty, 0, null);

    public Lane Child(string key, string label) => new($"{Id}/{key}", label, Depth + 1, Id);
}
