namespace Sluice.Shared.Aws;

internal sealed class PutRecordsRequest
{
    public string? StreamName { get; init; }

    public string? StreamARN { get; init; }

    public required IReadOnlyList<PutRecordsRequestEntry> Records { get; init; }
}
