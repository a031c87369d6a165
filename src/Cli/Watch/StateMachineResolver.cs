using System.Text;
using System.Text.Json;
using Sluice.Shared.Aws;

namespace Sluice.Cli.Watch;

/// <summary>
/// A state machine ARN from a name: ListStateMachines (paged) finds it, so the account id need not
/// be known, on AWS or the local cloud. Step Functions' own client has no list call, so this one
/// is sent directly through the signed transport and read without a serializer.
/// </summary>
internal static class StateMachineResolver
{
    public static async Task<string> ArnAsync(CommandContext context, string nameOrArn, CancellationToken cancellationToken)
    {
        if (nameOrArn.StartsWith("arn:", StringComparison.Ordinal))
        {
            return nameOrArn;
        }

        var transport = new AwsHttpClient(context.Aws, AwsService.StepFunctions, context.Http);
        string? token = null;
        do
        {
            var request = token is null ? "{\"maxResults\":1000}" : $"{{\"maxResults\":1000,\"nextToken\":{JsonSerializer.Serialize(token, CliJsonContext.Default.String)}}}";
            var body = await transport.SendJsonAsync("AWSStepFunctions.ListStateMachines", "1.0", Encoding.UTF8.GetBytes(request), cancellationToken)
                .ConfigureAwait(false);
            using var page = JsonDocument.Parse(body);
            if (page.RootElement.TryGetProperty("stateMachines", out var machines) && machines.ValueKind == JsonValueKind.Array)
            {
                foreach (var machine in machines.EnumerateArray())
                {
                    if (machine.TryGetProperty("name", out var name) && name.GetString() == nameOrArn
                        && machine.TryGetProperty("stateMachineArn", out var arn) && arn.GetString() is { } found)
                    {
                        return found;
                    }
                }
            }

            token = page.RootElement.TryGetProperty("nextToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (token is not null);

        throw new CliException($"state machine '{nameOrArn}' not found at {context.EndpointText}; pass --state-machine (name or ARN) or --stack", CliException.Failure);
    }

    /// <summary>An execution's ARN from its name: the state machine's ARN with <c>stateMachine</c> turned into <c>execution</c>.</summary>
    public static string ExecutionArn(string stateMachineArn, string executionName) =>
        stateMachineArn.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":" + executionName;
}
