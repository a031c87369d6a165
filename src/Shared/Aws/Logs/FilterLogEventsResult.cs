namespace Sluice.Shared.Aws.Logs;

public sealed class FilterLogEventsResult
{
    public IReadOnlyList<FilteredLogEvent> Events { get; init; } = [];

    public string? NextToken { get; init; }
}
