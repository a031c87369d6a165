namespace Sluice.Shared.Aws;

internal sealed class ListExecutionsRequest
{
    public required string StateMachineArn { get; init; }

    public string? StatusFilter { get; init; }

    public int? MaxResults { get; init; }

    public string? NextToken { get; init; }
}
