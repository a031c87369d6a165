namespace Sluice.Shared.Aws;

/// <summary>Reads <see cref="AwsClientOptions"/> from the standard AWS environment variables.</summary>
internal static class AwsEnvironment
{
    internal const string AccessKeyId = "AWS_ACCESS_KEY_ID";
    internal const string SecretAccessKey = "AWS_SECRET_ACCESS_KEY";
    internal const string SessionToken = "AWS_SESSION_TOKEN";
    internal const string Region = "AWS_REGION";
    internal const string DefaultRegion = "AWS_DEFAULT_REGION";

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

        var endpoints = ConfiguredEndpoints.FromEnvironment(environment);
        return new AwsClientOptions
        {
            Credentials = new AwsCredentials(accessKeyId, secretAccessKey, sessionToken),
            Region = ValidRegion(region.Trim(), regionVariable),
            EndpointUrl = endpoints.EndpointUrl,
            ServiceEndpointUrls = endpoints.ServiceEndpointUrls,
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
}
