using Sluice.Asl.History;

namespace Sluice.Asl.Execution;

/// <summary>Where a program runs: its execution, its history lane, its variables and its Map item (if any).</summary>
internal sealed class Frame(ExecutionRecord execution, Lane lane, VariableScope variables, bool parallelBranch = false, string path = "")
{
    /// <summary>Names this program among the execution's (see <see cref="Checkpoints"/>); empty for the execution itself.</summary>
    public string Path { get; } = path;

    /// <summary>True in a Parallel branch, where AWS records a failing Task as aborted before the Parallel fails.</summary>
    public bool ParallelBranch { get; } = parallelBranch;

    public ExecutionRecord Execution { get; } = execution;

    public Lane Lane { get; } = lane;

    public VariableScope Variables { get; } = variables;

    /// <summary>Set only on the frame TestState runs its state in.</summary>
    public TestProbe? Probe { get; init; }
}
