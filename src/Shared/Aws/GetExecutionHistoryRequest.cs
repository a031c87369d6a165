namespace Sluice.Shared.Aws;

internal sealed class GetExecutionHistoryRequest
{
    public required string ExecutionArn { get; init; }

    public int? MaxResults { get; init; }

    public bool? ReverseOrder { get; init; }

    public string? NextToken { get; init; }

    public bool? IncludeExecutionData { get; init; }
}
