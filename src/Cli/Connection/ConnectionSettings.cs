using Sluice.Shared;
using Sluice.Shared.Aws;

namespace Sluice.Cli.Connection;

/// <summary>
/// Endpoint, region and credentials from the options, the environment and the shared files.
/// Endpoints: <c>--endpoint</c> for every service; else <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c> for
/// one service and <c>AWS_ENDPOINT_URL</c> for the rest, as the AWS CLI reads them; else the local
/// cloud; <c>--aws</c> (or <c>--endpoint none</c>) means AWS's regional endpoints. Against the
/// local cloud the credentials default to test/test (it checks only that requests are signed);
/// against AWS they come from the environment variables, else the profile, as the AWS CLI finds them.
/// </summary>
internal static class ConnectionSettings
{
    public static AwsClientOptions Resolve(string? endpoint, bool aws, string? region, string? profileName, IEnvironmentVariables environment)
    {
        var endpoints = Endpoints(endpoint, aws, environment);
        var endpointUri = endpoints.EndpointUrl;
        var local = endpointUri is not null;
        AwsProfile? profile = null;
        if (profileName is not null)
        {
            profile = AwsProfileReader.Read(profileName, environment)
                ?? throw new CliException($"profile '{profileName}' not found in ~/.aws/credentials or ~/.aws/config", CliException.Usage);
        }
        else if (!local || string.IsNullOrEmpty(environment.Get("AWS_ACCESS_KEY_ID")))
        {
            profile = AwsProfileReader.Read(Blank(environment.Get("AWS_PROFILE")) ?? "default", environment);
        }

        // The local cloud keeps resources per region and `up` creates them in us-east-1, so a default
        // profile's region is not applied to it; a named profile's is.
        var profileRegion = local && profileName is null ? null : Blank(profile?.Region);
        var resolvedRegion = Blank(region) ?? Blank(environment.Get("AWS_REGION")) ?? Blank(environment.Get("AWS_DEFAULT_REGION"))
            ?? profileRegion ?? "us-east-1";

        AwsCredentials credentials;
        if (profileName is not null)
        {
            credentials = FromProfile(profile!);
        }
        else if (Blank(environment.Get("AWS_ACCESS_KEY_ID")) is { } key && Blank(environment.Get("AWS_SECRET_ACCESS_KEY")) is { } secret)
        {
            credentials = new AwsCredentials(key, secret, Blank(environment.Get("AWS_SESSION_TOKEN")));
        }
        else if (local)
        {
            credentials = new AwsCredentials("test", "test");
        }
        else
        {
            credentials = profile is null
                ? throw new CliException("no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pass --profile", CliException.Usage)
                : FromProfile(profile);
        }

        try
        {
            return new AwsClientOptions
            {
                Credentials = credentials,
                Region = resolvedRegion,
                EndpointUrl = endpointUri,
                ServiceEndpointUrls = endpoints.ServiceEndpointUrls,
            };
        }
        catch (InvalidOperationException e)
        {
            throw new CliException($"--region: {e.Message}", CliException.Usage, e);
        }
    }

    /// <summary>Where the endpoint of every service without its own comes from: --endpoint, AWS_ENDPOINT_URL, or the local cloud's default; null for AWS.</summary>
    public static string? EndpointOrigin(string? endpoint, bool aws, IEnvironmentVariables environment) =>
        aws || string.Equals(endpoint, "none", StringComparison.OrdinalIgnoreCase) ? null
        : Blank(endpoint) is not null ? "--endpoint"
        : Configured(environment).EndpointUrl is not null ? ConfiguredEndpoints.Variable
        : "the default";

    private static ConfiguredEndpoints Endpoints(string? endpoint, bool aws, IEnvironmentVariables environment)
    {
        var none = new Dictionary<string, Uri>();
        if (aws || string.Equals(endpoint, "none", StringComparison.OrdinalIgnoreCase))
        {
            return new ConfiguredEndpoints(null, none);
        }

        // --endpoint beats the variables, as --endpoint-url does for the AWS CLI.
        if (Blank(endpoint) is { } given)
        {
            return new ConfiguredEndpoints(Endpoint(given, "--endpoint"), none);
        }

        var configured = Configured(environment);
        return configured with { EndpointUrl = configured.EndpointUrl ?? Endpoint(CommonOptions.LocalEndpoint, "--endpoint") };
    }

    private static ConfiguredEndpoints Configured(IEnvironmentVariables environment)
    {
        try
        {
            return ConfiguredEndpoints.FromEnvironment(environment);
        }
        catch (InvalidOperationException e)
        {
            throw new CliException(e.Message.TrimEnd('.') + "; set it to the endpoint's URL, e.g. http://127.0.0.1:4566, or unset it", CliException.Usage, e);
        }
    }

    private static Uri Endpoint(string text, string option)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(uri.Query))
        {
            throw new CliException($"{option} must be an http(s) URL or 'none', not '{text}'", CliException.Usage);
        }

        return uri;
    }

    private static AwsCredentials FromProfile(AwsProfile profile) =>
        Blank(profile.AccessKeyId) is { } key && Blank(profile.SecretAccessKey) is { } secret
            ? new AwsCredentials(key, secret, Blank(profile.SessionToken))
            : throw new CliException(
                $"profile '{profile.Name}' has no aws_access_key_id/aws_secret_access_key (SSO and role profiles are not supported; export the keys instead)",
                CliException.Usage);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
