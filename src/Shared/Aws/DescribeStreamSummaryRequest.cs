namespace Sluice.Shared.Aws;

internal sealed class DescribeStreamSummaryRequest
{
    public string? StreamName { get; init; }

    public string? StreamARN { get; init; }
}
