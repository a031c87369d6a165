namespace Sluice.Shared.Aws;

public sealed class ListExecutionsResult
{
    public required IReadOnlyList<ExecutionListItem> Executions { get; init; }

    public string? NextToken { get; init; }
}
