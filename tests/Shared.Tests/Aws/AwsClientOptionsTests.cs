using Sluice.Shared.Aws;

namespace Sluice.Shared.Tests.Aws;

public sealed class AwsClientOptionsTests
{
    [Fact]
    public void FromEnvironment_StandardVariables_ReadsCredentialsAndRegion()
    {
        var options = AwsClientOptions.FromEnvironment(Env(("AWS_SESSION_TOKEN", "token-1")));

        Assert.Equal("AKIDEXAMPLE", options.Credentials.AccessKeyId);
        Assert.Equal("secret-1", options.Credentials.SecretAccessKey);
        Assert.Equal("token-1", options.Credentials.SessionToken);
        Assert.Equal("eu-central-1", options.Region);
        Assert.DoesNotContain("secret-1", options.Credentials.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_Options_DoesNotRevealTheSecret()
    {
        var options = AwsClientOptions.FromEnvironment(Env(("AWS_SESSION_TOKEN", "token-1")));

        Assert.DoesNotContain("secret-1", options.ToString(), StringComparison.Ordinal);
        Assert.Contains("AKIDEXAMPLE", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_EmptySessionToken_MeansNone()
    {
        Assert.Null(AwsClientOptions.FromEnvironment(Env(("AWS_SESSION_TOKEN", ""))).Credentials.SessionToken);
    }

    [Fact]
    public void FromEnvironment_BothRegionVariables_PrefersAwsRegion()
    {
        var options = AwsClientOptions.FromEnvironment(Env(("AWS_DEFAULT_REGION", "us-west-2")));

        Assert.Equal("eu-central-1", options.Region);
    }

    [Fact]
    public void FromEnvironment_OnlyDefaultRegion_UsesIt()
    {
        var options = AwsClientOptions.FromEnvironment(Env(("AWS_REGION", null), ("AWS_DEFAULT_REGION", "us-west-2")));

        Assert.Equal("us-west-2", options.Region);
    }

    [Theory]
    [InlineData("AWS_ACCESS_KEY_ID")]
    [InlineData("AWS_SECRET_ACCESS_KEY")]
    public void FromEnvironment_MissingCredential_NamesTheVariable(string variable)
    {
        var error = Assert.Throws<InvalidOperationException>(() => AwsClientOptions.FromEnvironment(Env((variable, null))));

        Assert.Equal($"AWS credentials not found: the environment variable {variable} is not set.", error.Message);
    }

    [Fact]
    public void FromEnvironment_NoRegion_NamesBothVariables()
    {
        var error = Assert.Throws<InvalidOperationException>(
            () => AwsClientOptions.FromEnvironment(Env(("AWS_REGION", null), ("AWS_DEFAULT_REGION", " "))));

        Assert.Equal("AWS region not found: set the environment variable AWS_REGION (or AWS_DEFAULT_REGION).", error.Message);
    }

    [Theory]
    [InlineData("us east 1")]
    [InlineData("US-EAST-1")]
    [InlineData("evil.com/x")]
    public void FromEnvironment_MalformedRegion_NamesTheVariable(string region)
    {
        var error = Assert.Throws<InvalidOperationException>(() => AwsClientOptions.FromEnvironment(Env(("AWS_REGION", region))));

        Assert.StartsWith("AWS_REGION is not a valid AWS region", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AWS_ENDPOINT_URL", "localhost:4566")]
    [InlineData("AWS_ENDPOINT_URL_SNS", "ftp://localhost")]
    [InlineData("AWS_ENDPOINT_URL_KINESIS", "http://localhost:4566/?a=1")]
    public void FromEnvironment_MalformedEndpoint_NamesTheVariable(string variable, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => AwsClientOptions.FromEnvironment(Env((variable, value))));

        Assert.StartsWith($"The environment variable {variable} is not an http(s) URL", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Services => new()
    {
        { "KINESIS", "https://kinesis.eu-central-1.amazonaws.com/" },
        { "SNS", "https://sns.eu-central-1.amazonaws.com/" },
        { "SFN", "https://states.eu-central-1.amazonaws.com/" },
        { "SQS", "https://sqs.eu-central-1.amazonaws.com/" },
        { "LAMBDA", "https://lambda.eu-central-1.amazonaws.com/" },
    };

    [Theory]
    [MemberData(nameof(Services))]
    public void ResolveEndpoint_NoOverride_IsRegionalAwsEndpoint(string id, string expected)
    {
        var options = AwsClientOptions.FromEnvironment(Env());

        Assert.Equal(expected, options.ResolveEndpoint(Service(id)).ToString());
    }

    public static TheoryData<string> ServiceIds => new("KINESIS", "SNS", "SFN", "SQS", "LAMBDA");

    [Theory]
    [MemberData(nameof(ServiceIds))]
    public void ResolveEndpoint_GlobalOverride_BeatsRegional(string id)
    {
        var options = AwsClientOptions.FromEnvironment(Env(("AWS_ENDPOINT_URL", "http://localhost:4566")));

        Assert.Equal("http://localhost:4566/", options.ResolveEndpoint(Service(id)).ToString());
    }

    [Theory]
    [MemberData(nameof(ServiceIds))]
    public void ResolveEndpoint_ServiceOverride_BeatsGlobal(string id)
    {
        var options = AwsClientOptions.FromEnvironment(Env(
            ("AWS_ENDPOINT_URL", "http://localhost:4566"),
            ($"AWS_ENDPOINT_URL_{id}", $"http://127.0.0.1:9000/{id.ToLowerInvariant()}")));

        Assert.Equal($"http://127.0.0.1:9000/{id.ToLowerInvariant()}", options.ResolveEndpoint(Service(id)).ToString());
        var other = id == "SNS" ? AwsService.Kinesis : AwsService.Sns;
        Assert.Equal("http://localhost:4566/", options.ResolveEndpoint(other).ToString());
    }

    [Fact]
    public void ResolveEndpoint_ConfiguredEndpointsIgnored_IsRegional()
    {
        var options = AwsClientOptions.FromEnvironment(Env(
            ("AWS_ENDPOINT_URL", "http://localhost:4566"),
            ("AWS_ENDPOINT_URL_SNS", "http://localhost:9999"),
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")));

        Assert.Equal("https://sns.eu-central-1.amazonaws.com/", options.ResolveEndpoint(AwsService.Sns).ToString());
        Assert.Equal("https://kinesis.eu-central-1.amazonaws.com/", options.ResolveEndpoint(AwsService.Kinesis).ToString());
    }

    [Fact]
    public void ResolveEndpoint_ChinaRegion_UsesChinaSuffix()
    {
        var options = AwsClientOptions.FromEnvironment(Env(("AWS_REGION", "cn-north-1")));

        Assert.Equal("https://states.cn-north-1.amazonaws.com.cn/", options.ResolveEndpoint(AwsService.StepFunctions).ToString());
    }

    [Fact]
    public void StepFunctions_SignsAsStates()
    {
        Assert.Equal("states", AwsService.StepFunctions.SigningName);
        Assert.Equal("SFN", AwsService.StepFunctions.EndpointId);
    }

    private static AwsService Service(string id) => id switch
    {
        "KINESIS" => AwsService.Kinesis,
        "SNS" => AwsService.Sns,
        "SFN" => AwsService.StepFunctions,
        "SQS" => AwsService.Sqs,
        "LAMBDA" => AwsService.Lambda,
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, null),
    };

    /// <summary>A complete environment, with the given variables changed (null removes one).</summary>
    private static DictionaryEnvironment Env(params (string Name, string? Value)[] changes)
    {
        var values = new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE",
            ["AWS_SECRET_ACCESS_KEY"] = "secret-1",
            ["AWS_REGION"] = "eu-central-1",
        };
        foreach (var (name, value) in changes)
        {
            values[name] = value;
        }

        return new DictionaryEnvironment(values);
    }
}
