namespace Sluice.Shared.Aws;

/// <summary>
/// The endpoints the environment configures, as the SDKs and the AWS CLI read them:
/// <c>AWS_ENDPOINT_URL_&lt;ID&gt;</c> for one service (e.g. <c>AWS_ENDPOINT_URL_SFN</c>), then
/// <c>AWS_ENDPOINT_URL</c> for all; <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true</c> turns both off.
/// </summary>
public sealed record ConfiguredEndpoints(Uri? EndpointUrl, IReadOnlyDictionary<string, Uri> ServiceEndpointUrls)
{
    public const string Variable = "AWS_ENDPOINT_URL";
    public const string IgnoreVariable = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";

    /// <summary>The services whose <c>AWS_ENDPOINT_URL_&lt;ID&gt;</c> is read.</summary>
    public static IReadOnlyList<AwsService> Services { get; } =
        [AwsService.Kinesis, AwsService.Sns, AwsService.StepFunctions, AwsService.Sqs, AwsService.Lambda, AwsService.CloudFormation, AwsService.S3, AwsService.Logs, AwsService.Kms];

    /// <exception cref="InvalidOperationException">A variable is not an http(s) URL without a query; the message names it.</exception>
    public static ConfiguredEndpoints FromEnvironment(IEnvironmentVariables environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var overrides = new Dictionary<string, Uri>(StringComparer.Ordinal);
        if (string.Equals(environment.Get(IgnoreVariable)?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
        {
            return new ConfiguredEndpoints(null, overrides);
        }

        foreach (var service in Services)
        {
            if (Endpoint(environment, VariableFor(service)) is { } uri)
            {
                overrides[service.EndpointId] = uri;
            }
        }

        return new ConfiguredEndpoints(Endpoint(environment, Variable), overrides);
    }

    public static string VariableFor(AwsService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return $"{Variable}_{service.EndpointId}";
    }

    private static Uri? Endpoint(IEnvironmentVariables environment, string name)
    {
        var value = environment.Get(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(uri.Query))
        {
            throw new InvalidOperationException(
                $"The environment variable {name} is not an http(s) URL without a query: '{value}'.");
        }

        return uri;
    }
}
