using System.Net;
using Sluice.Shared.Aws;
using Sluice.Shared.Aws.CloudFormation;

namespace Sluice.Cli.Connection;

/// <summary>
/// A stack's outputs from CloudFormation DescribeStacks. Null when the endpoint does not serve
/// CloudFormation, so the caller falls back to the names the template gives the stack.
/// </summary>
internal static class StackOutputs
{
    private static readonly HashSet<string> s_refusals = new(StringComparer.Ordinal)
    {
        "AccessDenied", "AccessDeniedException", "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId",
        "SignatureDoesNotMatch", "UnrecognizedClientException",
    };

    public static async Task<IReadOnlyDictionary<string, string>?> ReadAsync(AwsClientOptions options, HttpClient http, string stack, CancellationToken cancellationToken)
    {
        var cloudFormation = new CloudFormationClient(options, http);
        try
        {
            var found = await cloudFormation.FindStackAsync(stack, cancellationToken).ConfigureAwait(false)
                ?? throw new CliException($"stack '{stack}' not found at {Where(cloudFormation)}; pass --stack <name> (or --stream and --state-machine)");
            return found.OutputValues;
        }
        catch (AwsServiceException e) when (s_refusals.Contains(e.ErrorCode) || e.HttpStatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new CliException($"DescribeStacks for '{stack}' was refused: {e.ErrorCode}: {e.ServiceMessage}", CliException.Failure, e);
        }
        catch (Exception e) when (e is AwsServiceException or InvalidDataException)
        {
            // Not a CloudFormation answer (an endpoint that does not serve it): use the template's names.
            return null;
        }
    }

    private static string Where(CloudFormationClient client) => client.Endpoint.ToString().TrimEnd('/');
}
