using Sluice.Cli.Connection;
using Sluice.Shared;

namespace Sluice.Cli.Tests.Connection;

public sealed class ConnectionSettingsTests
{
    private readonly string _home = Directory.CreateTempSubdirectory("sluice-profile-").FullName;

    private DictionaryEnvironment Environment(params (string Name, string Value)[] variables)
    {
        var values = new Dictionary<string, string?> { ["HOME"] = _home };
        foreach (var (name, value) in variables)
        {
            values[name] = value;
        }

        return new DictionaryEnvironment(values);
    }

    private void WriteProfiles()
    {
        Directory.CreateDirectory(Path.Combine(_home, ".aws"));
        File.WriteAllText(Path.Combine(_home, ".aws", "credentials"), """
            [default]
            aws_access_key_id = AKIDDEFAULT
            aws_secret_access_key = defaultsecret

            [dev]
            aws_access_key_id=AKIDDEV
            aws_secret_access_key=devsecret
            aws_session_token = devtoken
            """);
        File.WriteAllText(Path.Combine(_home, ".aws", "config"), """
            [default]
            region = eu-west-1
            # a comment
            [profile dev]
            region = ap-southeast-2
            [profile sso]
            sso_start_url = https://example.awsapps.com/start
            """);
    }

    [Fact]
    public void Resolve_Defaults_LocalCloudWithTestCredentials()
    {
        var options = ConnectionSettings.Resolve(null, false, null, null, Environment());

        Assert.Equal(new Uri("http://127.0.0.1:4566"), options.EndpointUrl);
        Assert.Equal("us-east-1", options.Region);
        Assert.Equal("test", options.Credentials.AccessKeyId);
    }

    [Fact]
    public void Resolve_AwsWithEnvironmentKeys_RegionalEndpointsAndThoseKeys()
    {
        var options = ConnectionSettings.Resolve(null, true, null, null,
            Environment(("AWS_ACCESS_KEY_ID", "AKIDENV"), ("AWS_SECRET_ACCESS_KEY", "s"), ("AWS_SESSION_TOKEN", "t"), ("AWS_DEFAULT_REGION", "eu-central-1")));

        Assert.Null(options.EndpointUrl);
        Assert.Equal("eu-central-1", options.Region);
        Assert.Equal("AKIDENV", options.Credentials.AccessKeyId);
        Assert.Equal("t", options.Credentials.SessionToken);
        Assert.Equal(new Uri("https://kinesis.eu-central-1.amazonaws.com/"), options.ResolveEndpoint(Sluice.Shared.Aws.AwsService.Kinesis));
    }

    [Fact]
    public void Resolve_NamedProfile_KeysTokenAndRegionFromTheSharedFiles()
    {
        WriteProfiles();

        var options = ConnectionSettings.Resolve("none", false, null, "dev", Environment());

        Assert.Equal("AKIDDEV", options.Credentials.AccessKeyId);
        Assert.Equal("devtoken", options.Credentials.SessionToken);
        Assert.Equal("ap-southeast-2", options.Region);
    }

    [Fact]
    public void Resolve_AwsWithoutKeys_DefaultProfile()
    {
        WriteProfiles();

        var options = ConnectionSettings.Resolve(null, true, null, null, Environment());

        Assert.Equal("AKIDDEFAULT", options.Credentials.AccessKeyId);
        Assert.Equal("eu-west-1", options.Region);
    }

    [Fact]
    public void Resolve_RegionOptionAndVariable_WinOverTheProfile()
    {
        WriteProfiles();

        Assert.Equal("us-west-2", ConnectionSettings.Resolve(null, true, null, "dev", Environment(("AWS_REGION", "us-west-2"))).Region);
        Assert.Equal("sa-east-1", ConnectionSettings.Resolve(null, true, "sa-east-1", "dev", Environment(("AWS_REGION", "us-west-2"))).Region);
    }

    [Theory]
    [InlineData("missing", "profile 'missing' not found")]
    [InlineData("sso", "profile 'sso' has no aws_access_key_id")]
    public void Resolve_UnusableProfile_UsageError(string profile, string expected)
    {
        WriteProfiles();

        var error = Assert.Throws<CliException>(() => ConnectionSettings.Resolve(null, true, null, profile, Environment()));

        Assert.Equal(CliException.Usage, error.ExitCode);
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_AwsWithNoCredentialsAnywhere_UsageError()
    {
        var error = Assert.Throws<CliException>(() => ConnectionSettings.Resolve(null, true, null, null, Environment()));

        Assert.StartsWith("no AWS credentials", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_BadRegion_UsageError()
    {
        var error = Assert.Throws<CliException>(() => ConnectionSettings.Resolve(null, false, "US East", null, Environment()));

        Assert.Equal(CliException.Usage, error.ExitCode);
        Assert.StartsWith("--region:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_LocalCloudWithADefaultProfile_KeepsUsEast1()
    {
        WriteProfiles();

        var options = ConnectionSettings.Resolve(null, false, null, null, Environment());

        Assert.Equal("us-east-1", options.Region);
        Assert.Equal("test", options.Credentials.AccessKeyId);
    }
}
