using System.Diagnostics;
using System.Text.Json.Nodes;
using Sluice.LocalCloud.CloudFormation.Template;

namespace Sluice.LocalCloud.Tests.CloudFormation.Template;

/// <summary>SAM's AutoPublishAlias and DeploymentPreference expand as SAM's own translator expands them.</summary>
public sealed class AutoPublishAliasTests
{
    private const string Template = """
        Transform: AWS::Serverless-2016-10-31
        Globals:
          Function:
            Runtime: provided.al2023
            Handler: bootstrap
            MemorySize: 256
        Resources:
          Ingest:
            Type: AWS::Serverless::Function
            Properties:
              CodeUri: s3://artifacts/ingest-0123abcd.zip
              Environment:
                Variables:
                  TOPIC: !Ref Topic
                  NOTE: "caf\u00e9 \"quoted\""
              AutoPublishAlias: live
              DeploymentPreference:
                Type: Canary10Percent5Minutes
                Alarms:
                  - !Ref IngestErrors
              Events:
                Queue:
                  Type: SQS
                  Properties:
                    Queue: arn:aws:sqs:us-east-1:123456789012:orders
          Worker:
            Type: AWS::Serverless::Function
            Properties:
              CodeUri:
                Bucket: artifacts
                Key: worker.zip
                Version: "3"
              AutoPublishAlias: blue-green_1
              DeploymentPreference:
                Type: !Ref Preference
          Topic:
            Type: AWS::SNS::Topic
          IngestErrors:
            Type: AWS::CloudWatch::Alarm
            Properties:
              Namespace: AWS/Lambda
              MetricName: Errors
              Statistic: Sum
              Period: 60
              EvaluationPeriods: 1
              Threshold: 1
              ComparisonOperator: GreaterThanOrEqualToThreshold
        Parameters:
          Preference:
            Type: String
            Default: AllAtOnce
        Outputs:
          IngestAlias:
            Value: !Ref Ingest.Alias
          WorkerVersion:
            Value: !Ref Worker.Version
        """;

    [Fact]
    public async Task Expand_AutoPublishAliasAndDeploymentPreference_MatchTheSamTranslator()
    {
        var sam = await SamTranslatorAsync(Template);
        var template = TemplateYaml.Load(Template, "template.yaml");
        var parameters = new Dictionary<string, JsonNode?> { ["Preference"] = "AllAtOnce" };
        var ours = SamTransform.Expand(template, [], parameters).ToDictionary(r => r.LogicalId, StringComparer.Ordinal);

        var generated = sam.Where(r => r.Value!["Type"]!.GetValue<string>() is "AWS::Lambda::Version" or "AWS::Lambda::Alias" or "AWS::CodeDeploy::Application" or "AWS::CodeDeploy::DeploymentGroup" or "AWS::Lambda::EventSourceMapping").ToList();
        Assert.Equal(8, generated.Count);
        foreach (var (id, node) in generated)
        {
            Assert.True(ours.TryGetValue(id, out var resource), $"SAM generates {id}; ours: {string.Join(", ", ours.Keys)}");
            Assert.Equal(node!["Type"]!.GetValue<string>(), resource.Type);
            var properties = node["Properties"]!.AsObject();
            foreach (var name in new[] { "FunctionName", "FunctionVersion", "Name", "DeploymentConfigName", "AlarmConfiguration", "AutoRollbackConfiguration", "ApplicationName" })
            {
                if (properties[name] is { } expected)
                {
                    Assert.True(JsonNode.DeepEquals(expected, resource.Properties[name]), $"{id}.{name}: SAM {expected.ToJsonString()}, ours {resource.Properties[name]?.ToJsonString()}");
                }
            }
            Assert.Equal(node["DeletionPolicy"]?.GetValue<string>(), resource.DeletionPolicy);
            Assert.True(JsonNode.DeepEquals(node["UpdatePolicy"], resource.UpdatePolicy), $"{id}.UpdatePolicy: SAM {node["UpdatePolicy"]?.ToJsonString()}, ours {resource.UpdatePolicy?.ToJsonString()}");
        }
        Assert.Equal("IngestAliaslive", template["Outputs"]!["IngestAlias"]!["Value"]!["Ref"]!.GetValue<string>());
        Assert.StartsWith("WorkerVersion", template["Outputs"]!["WorkerVersion"]!["Value"]!["Ref"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("WorkerAliasblueDgreenU1", ours.Keys);
    }

    [Fact]
    public void Expand_BadAliasOrPreference_IsRefusedWithSamsReason()
    {
        var numeric = Assert.Throws<TemplateException>(() => SamTransform.Expand(TemplateYaml.Load(Template.Replace("AutoPublishAlias: live", "AutoPublishAlias: \"123\"", StringComparison.Ordinal), "t.yaml"), []));
        var orphan = Assert.Throws<TemplateException>(() => SamTransform.Expand(TemplateYaml.Load(Template.Replace("      AutoPublishAlias: live\n", "", StringComparison.Ordinal), "t.yaml"), []));

        Assert.Contains("AutoPublishAlias name ('123') must contain only alphanumeric characters", numeric.Message, StringComparison.Ordinal);
        Assert.Contains("a deployment preference needs AutoPublishAlias", orphan.Message, StringComparison.Ordinal);
    }

    /// <summary>The resources SAM's own translator (samtranslator, which cfn-lint ships) makes of a template.</summary>
    private static async Task<JsonObject> SamTranslatorAsync(string yaml)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("sam-").FullName, "template.yaml");
        await File.WriteAllTextAsync(path, yaml);
        var script = "import json,sys\nfrom samtranslator.translator.transform import transform\nfrom cfnlint.decode import decode\n"
            + "t,_=decode(sys.argv[1])\nclass L:\n    def load(self): return {}\n"
            + "print(json.dumps(transform(json.loads(json.dumps(t, default=str)), {}, L())['Resources']))\n";
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(path);
        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        if (errors.Contains("No module named", StringComparison.Ordinal))
        {
            Assert.Skip("samtranslator (with cfn-lint) is not installed for python3: the expansion is checked against SAM's own (pip install cfn-lint)");
        }
        Assert.True(process.ExitCode == 0, errors);
        return JsonNode.Parse(await output)!.AsObject();
    }
}
