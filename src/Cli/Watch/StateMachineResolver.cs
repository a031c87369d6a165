namespace Sluice.Cli.Watch;

/// <summary>
/// A state machine ARN from a name: ListStateMachines (every page) finds it, so the account id need
/// not be known, on AWS or the local cloud.
/// </summary>
internal static class StateMachineResolver
{
    public static async Task<string> ArnAsync(CommandContext context, string nameOrArn, CancellationToken cancellationToken) =>
        await FindAsync(context, nameOrArn, cancellationToken).ConfigureAwait(false)
        ?? throw new CliException($"state machine '{nameOrArn}' not found at {context.EndpointText}; pass --state-machine (name or ARN) or --stack", CliException.Failure);

    /// <summary>The ARN of the command's state machine (--state-machine or the stack's), or null when there is none of that name.</summary>
    public static async Task<string?> TryArnAsync(CommandContext context, CancellationToken cancellationToken) =>
        await FindAsync(context, await context.StateMachineAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    private static async Task<string?> FindAsync(CommandContext context, string nameOrArn, CancellationToken cancellationToken)
    {
        if (nameOrArn.StartsWith("arn:", StringComparison.Ordinal))
        {
            return nameOrArn;
        }

        await foreach (var page in context.StepFunctions().ListStateMachinesPagesAsync(1000, cancellationToken).ConfigureAwait(false))
        {
            if (page.StateMachines.FirstOrDefault(m => m.Name == nameOrArn) is { } found)
            {
                return found.StateMachineArn;
            }
        }

        return null;
    }
}
