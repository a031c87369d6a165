namespace Sluice.Shared.Aws;

internal sealed class DescribeExecutionRequest
{
    public required string ExecutionArn { get; init; }
}
