using Sluice.LocalCloud.CloudFormation.Template;

namespace Sluice.LocalCloud.Tests.CloudFormation.Template;

public sealed class StackArgumentsTests
{
    [Fact]
    public void TryParse_TemplateOptions_AreTakenAndTheRestLeftForTheHost()
    {
        var ok = StackArguments.TryParse(
            ["--port", "0", "--template", "infra/template.yaml", "--parameter", "StageName=prod", "--parameter", "AlarmEmail=a=b@c", "--stack-name", "s", "--without-lambda", "--region", "eu-west-1"],
            out var parsed, out var rest, out var error);

        Assert.True(ok, error);
        Assert.Equal("infra/template.yaml", parsed.TemplatePath);
        Assert.Equal("s", parsed.Settings.StackName);
        Assert.Equal(new Dictionary<string, string> { ["StageName"] = "prod", ["AlarmEmail"] = "a=b@c" }, parsed.Settings.Parameters);
        Assert.True(parsed.WithoutLambda);
        Assert.Equal(["--port", "0", "--region", "eu-west-1"], rest);
    }

    [Theory]
    [InlineData(new[] { "--template" }, "--template needs a value")]
    [InlineData(new[] { "--template", "t.yaml", "--parameter", "NoEquals" }, "--parameter takes Key=Value")]
    [InlineData(new[] { "--parameter", "A=b" }, "apply to a --template")]
    public void TryParse_BadOptions_SaysWhy(string[] args, string expected)
    {
        Assert.False(StackArguments.TryParse(args, out _, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
