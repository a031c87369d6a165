namespace Sluice.Shared.Aws;

internal sealed class ListShardsRequest
{
    public string? StreamName { get; init; }

    public string? StreamARN { get; init; }

    public string? NextToken { get; init; }

    public int? MaxResults { get; init; }
}
