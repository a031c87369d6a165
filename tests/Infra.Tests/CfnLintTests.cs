using System.Text.Json.Nodes;
using Sluice.Infra.Tests.Rules;

namespace Sluice.Infra.Tests;

public sealed class CfnLintTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("sluice-cfnlint-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task CfnLint_Template_NoErrorsOrWarnings()
    {
        var (exitCode, output) = await CfnLint.RunAsync(Inputs.TemplatePath);

        Assert.True(exitCode == 0 && output.Length == 0, $"cfn-lint exit {exitCode}:\n{output}");
    }

    [Fact]
    public async Task CfnLint_Pipeline_NoErrorsOrWarnings()
    {
        var (exitCode, output) = await CfnLint.RunAsync(Inputs.PipelinePath);

        Assert.True(exitCode == 0 && output.Length == 0, $"cfn-lint exit {exitCode}:\n{output}");
    }

    /// <summary>cfn-lint checks an inline Definition against the Step Functions schema, not a DefinitionUri file.</summary>
    [Fact]
    public async Task CfnLint_AslInlined_NoErrorsOrWarnings()
    {
        var path = WriteInlinedAsl(RepositoryRoot.Read(Inputs.AslPath));

        var (exitCode, output) = await CfnLint.RunAsync(path);

        Assert.True(exitCode == 0 && output.Length == 0, $"cfn-lint exit {exitCode}:\n{output}");
    }

    [Fact]
    public async Task CfnLint_AslWithUnknownStateField_Reported()
    {
        var asl = Inputs.Asl();
        asl["States"]!["Confirmed"]!["Retries"] = 3;
        var path = WriteInlinedAsl(asl.ToJsonString());

        var (exitCode, output) = await CfnLint.RunAsync(path);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Retries", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CfnLint_TemplateWithBadProperty_Reported()
    {
        var path = Path.Combine(_scratch, "broken.yaml");
        var original = RepositoryRoot.Read(Inputs.TemplatePath);
        var broken = original.Replace("      RetentionPeriodHours: 168\n", "      RetentionPeriodHours: 168\n      RetentionPeriodHour: 168\n", StringComparison.Ordinal);
        Assert.NotEqual(original, broken);
        await File.WriteAllTextAsync(path, broken, TestContext.Current.CancellationToken);

        var (exitCode, output) = await CfnLint.RunAsync(path);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("RetentionPeriodHour", output, StringComparison.Ordinal);
    }

    /// <summary>A plain CloudFormation template holding the ASL inline, substitutions replaced by a well-formed ARN.</summary>
    private string WriteInlinedAsl(string aslText)
    {
        foreach (var name in SubstitutionRules.Placeholders(aslText))
        {
            aslText = aslText.Replace($"${{{name}}}", $"arn:aws:lambda:us-east-1:123456789012:function:{name}", StringComparison.Ordinal);
        }

        var template = new JsonObject
        {
            ["AWSTemplateFormatVersion"] = "2010-09-09",
            ["Resources"] = new JsonObject
            {
                ["Role"] = new JsonObject
                {
                    ["Type"] = "AWS::IAM::Role",
                    ["Properties"] = new JsonObject
                    {
                        ["AssumeRolePolicyDocument"] = JsonNode.Parse(
                            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"states.amazonaws.com"},"Action":"sts:AssumeRole"}]}"""),
                    },
                },
                ["Machine"] = new JsonObject
                {
                    ["Type"] = "AWS::StepFunctions::StateMachine",
                    ["Properties"] = new JsonObject
                    {
                        ["RoleArn"] = JsonNode.Parse("""{"Fn::GetAtt":["Role","Arn"]}"""),
                        ["Definition"] = JsonNode.Parse(aslText),
                    },
                },
            },
        };
        var path = Path.Combine(_scratch, "asl.json");
        File.WriteAllText(path, template.ToJsonString());
        return path;
    }
}
