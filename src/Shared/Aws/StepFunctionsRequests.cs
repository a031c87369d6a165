namespace Sluice.Shared.Aws;

// Wire shapes of the Step Functions requests (camelCase names come from the context's policy).
// Kept together: four property bags with no behaviour.

internal sealed class StartExecutionRequest
{
    public required string StateMachineArn { get; init; }

    public string? Name { get; init; }

    public string? Input { get; init; }
}

internal sealed class DescribeExecutionRequest
{
    public required string ExecutionArn { get; init; }
}

internal sealed class ListExecutionsRequest
{
    public required string StateMachineArn { get; init; }

    public string? StatusFilter { get; init; }

    public int? MaxResults { get; init; }

    public string? NextToken { get; init; }
}

internal sealed class GetExecutionHistoryRequest
{
    public required string ExecutionArn { get; init; }

    public int? MaxResults { get; init; }

    public bool? ReverseOrder { get; init; }

    public string? NextToken { get; init; }

    public bool? IncludeExecutionData { get; init; }
}
