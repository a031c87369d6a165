namespace Sluice.Shared.Aws;

public sealed class ListStateMachinesResult
{
    public required IReadOnlyList<StateMachineListItem> StateMachines { get; init; }

    public string? NextToken { get; init; }
}
