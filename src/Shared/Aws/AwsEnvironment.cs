namespace Sluice.Shared.Aws;

/// <summary>Reads <see cref="AwsClientOptions"/> from the standard AWS environment variables.</summary>
internal static class AwsEnvironment
{
    internal const string AccessKeyId = "AWS_ACCESS_KEY_ID";
    internal const string SecretAccessKey = "AWS_SECRET_ACCESS_KEY";
    internal const string SessionToken = "AWS_SESSION_TOKEN";
    internal const string Region = "AWS_REGION";
    internal const string DefaultRegion = "AWS_DEFAULT_REGION";
    internal const string EndpointUrl = "AWS_ENDPOINT_URL";
    internal const string IgnoreEndpointUrls = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";

    private static readonly AwsService[] KnownServices =
        [AwsService.Kinesis, AwsService.Sns, AwsService.StepFunctions, AwsService.Sqs, AwsService.Lambda];

    public static AwsClientOptions Read(IEnvironmentVariables environment)
    {
        var accessKeyId = Required(environment, AccessKeyId, "AWS credentials");
        var secretAccessKey = Required(environment, SecretAccessKey, "AWS credentials");
        var sessionToken = environment.Get(SessionToken);

        var regionVariable = Region;
        var region = environment.Get(Region);
        if (string.IsNullOrWhiteSpace(region))
        {
            regionVariable = DefaultRegion;
            region = environment.Get(DefaultRegion);
        }

        if (string.IsNullOrWhiteSpace(region))
        {
            throw new InvalidOperationException(
                $"AWS region not found: set the environment variable {Region} (or {DefaultRegion}).");
        }

        // The SDKs' switch for turning every configured endpoint off at once.
        var ignoreEndpoints = string.Equals(environment.Get(IgnoreEndpointUrls)?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
        var overrides = new Dictionary<string, Uri>(StringComparer.Ordinal);
        foreach (var service in ignoreEndpoints ? [] : KnownServices)
        {
            var name = $"{EndpointUrl}_{service.EndpointId}";
            if (Endpoint(environment, name) is { } uri)
            {
                overrides[service.EndpointId] = uri;
            }
        }

        return new AwsClientOptions
        {
            Credentials = new AwsCredentials(accessKeyId, secretAccessKey, sessionToken),
            Region = ValidRegion(region.Trim(), regionVariable),
            EndpointUrl = ignoreEndpoints ? null : Endpoint(environment, EndpointUrl),
            ServiceEndpointUrls = overrides,
        };
    }

    /// <summary>The region becomes part of a host name and of the signing scope, so it must be DNS-safe.</summary>
    public static string ValidRegion(string? region, string source)
    {
        if (string.IsNullOrEmpty(region) || region.Length > 63 || !region.All(IsRegionChar)
            || region.StartsWith('-') || region.EndsWith('-'))
        {
            throw new InvalidOperationException(
                $"{source} is not a valid AWS region: '{region}' (expected lower-case letters, digits and '-', e.g. us-east-1).");
        }

        return region;
    }

    private static bool IsRegionChar(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-';

    private static string Required(IEnvironmentVariables environment, string name, string what)
    {
        var value = environment.Get(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException($"{what} not found: the environment variable {name} is not set.");
        }

        return value.Trim();
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
