using Sluice.Cli.History;
using Sluice.Shared.Aws;

namespace Sluice.Cli.Watch;

/// <summary>
/// The execution `watch` follows: an ARN as given; a name of the state machine's execution; else an
/// order id, whose order.placed events on the stream name its execution (the Processor names each
/// execution after its event: <see cref="Sluice.Shared.Domain.ExecutionName"/>).
/// </summary>
internal static class ExecutionLocator
{
    public static async Task<string> ArnAsync(CommandContext context, string machine, string given, CancellationToken cancellationToken)
    {
        if (given.StartsWith("arn:", StringComparison.Ordinal))
        {
            return given;
        }

        var arn = StepFunctionsClient.ExecutionArn(machine, given);
        if (await ExistsAsync(context, arn, cancellationToken).ConfigureAwait(false))
        {
            return arn;
        }

        var stream = await context.StreamAsync(cancellationToken).ConfigureAwait(false);
        OrderRead read;
        try
        {
            read = await OrderReader.ReadAsync(context, stream, given, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
        {
            read = new OrderRead([], [], []);
        }

        var names = read.ExecutionNames;
        if (names.Count == 0)
        {
            throw new CliException($"no execution '{given}' of {machine}, and no order '{given}' on stream {stream} at {context.EndpointText}; `sluice watch` lists the executions");
        }

        if (names.Count > 1)
        {
            context.Status($"order {given} has {names.Count} executions ({string.Join(", ", names)}); following the newest, {names[^1]}");
        }

        return StepFunctionsClient.ExecutionArn(machine, names[^1]);
    }

    private static async Task<bool> ExistsAsync(CommandContext context, string arn, CancellationToken cancellationToken)
    {
        try
        {
            await context.StepFunctions().DescribeExecutionAsync(arn, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AwsServiceException e) when (e.ErrorCode is "ExecutionDoesNotExist" or "InvalidArn" or "InvalidName")
        {
            return false;
        }
    }
}
