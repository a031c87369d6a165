namespace Sluice.Shared.Aws.Logs;

internal sealed class FilterLogEventsRequest
{
    public required string LogGroupName { get; init; }

    public long? StartTime { get; init; }

    public string? FilterPattern { get; init; }

    public string? NextToken { get; init; }
}
