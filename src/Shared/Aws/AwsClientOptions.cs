namespace Sluice.Shared.Aws;

/// <summary>
/// Everything a client needs to reach AWS: credentials, region, endpoint overrides, retry policy
/// and clock. Build it with <see cref="FromEnvironment"/> in a function (adjust with <c>with</c>);
/// tests set it directly.
/// </summary>
public sealed record AwsClientOptions
{
    private static readonly IReadOnlyDictionary<string, Uri> s_noOverrides = new Dictionary<string, Uri>();

    public required AwsCredentials Credentials { get; init; }

    public required string Region
    {
        get;
        init => field = AwsEnvironment.ValidRegion(value, nameof(Region));
    }

    /// <summary>The endpoint for every service (<c>AWS_ENDPOINT_URL</c>), e.g. a local cloud.</summary>
    public Uri? EndpointUrl { get; init; }

    /// <summary>Per-service endpoints keyed by <see cref="AwsService.EndpointId"/> (<c>AWS_ENDPOINT_URL_&lt;ID&gt;</c>).</summary>
    public IReadOnlyDictionary<string, Uri> ServiceEndpointUrls { get; init; } = s_noOverrides;

    public AwsRetryPolicy Retry { get; init; } = AwsRetryPolicy.Standard;

    /// <summary>The signing clock; requests are signed with its UTC time.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// Reads the standard variables: <c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c>,
    /// <c>AWS_SESSION_TOKEN</c>, <c>AWS_REGION</c> then <c>AWS_DEFAULT_REGION</c>,
    /// <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c> for the known services and <c>AWS_ENDPOINT_URL</c>
    /// (both ignored when <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS</c> is <c>true</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">A required variable is missing or malformed; the message names it.</exception>
    public static AwsClientOptions FromEnvironment(IEnvironmentVariables environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return AwsEnvironment.Read(environment);
    }

    /// <summary>Per-service override, then the global override, then the regional AWS endpoint.</summary>
    public Uri ResolveEndpoint(AwsService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (ServiceEndpointUrls.TryGetValue(service.EndpointId, out var specific))
        {
            return specific;
        }

        if (EndpointUrl is not null)
        {
            return EndpointUrl;
        }

        // China regions live under their own DNS suffix.
        var suffix = Region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        return new Uri($"https://{service.EndpointPrefix}.{Region}.{suffix}/");
    }
}
