namespace Sluice.Shared.Aws;

public sealed class GetExecutionHistoryResult
{
    public required IReadOnlyList<HistoryEvent> Events { get; init; }

    public string? NextToken { get; init; }
}
