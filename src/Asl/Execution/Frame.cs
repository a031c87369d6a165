using System.Text.Json.Nodes;
using Sluice.Asl.History;

namespace Sluice.Asl.Execution;

/// <summary>Where a program runs: its execution, its history lane, its variables and its Map item (if any).</summary>
internal sealed class Frame(ExecutionRecord execution, Lane lane, VariableScope variables)
{
    public ExecutionRecord Execution { get; } = execution;

    public Lane Lane { get; } = lane;

    public VariableScope Variables { get; } = variables;
}
