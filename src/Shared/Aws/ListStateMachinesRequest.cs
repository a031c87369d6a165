namespace Sluice.Shared.Aws;

internal sealed class ListStateMachinesRequest
{
    public int? MaxResults { get; init; }

    public string? NextToken { get; init; }
}
