namespace Sluice.Shared.Aws;

internal sealed class RedriveExecutionRequest
{
    public required string ExecutionArn { get; init; }

    public required string ClientToken { get; init; }
}
