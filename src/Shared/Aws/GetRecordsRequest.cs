namespace Sluice.Shared.Aws;

internal sealed class GetRecordsRequest
{
    public required string ShardIterator { get; init; }

    public int? Limit { get; init; }

    public string? StreamARN { get; init; }
}
