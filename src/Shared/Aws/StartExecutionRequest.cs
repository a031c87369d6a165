namespace Sluice.Shared.Aws;

internal sealed class StartExecutionRequest
{
    public required string StateMachineArn { get; init; }

    public string? Name { get; init; }

    public string? Input { get; init; }
}
