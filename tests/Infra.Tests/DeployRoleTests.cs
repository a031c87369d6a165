using System.Text.Json.Nodes;
using Sluice.Infra.Tests.Cfn;

namespace Sluice.Infra.Tests;

/// <summary>The pipeline's CloudFormation role can create what infra/template.yaml declares, under the names it uses.</summary>
public sealed class DeployRoleTests
{
    /// <summary>The action CloudFormation calls to create each resource type (SAM types by what they expand to).</summary>
    private static readonly Dictionary<string, string[]> s_createActions = new(StringComparer.Ordinal)
    {
        ["AWS::Kinesis::Stream"] = ["kinesis:CreateStream", "kinesis:StartStreamEncryption"],
        ["AWS::Serverless::Function"] = ["lambda:CreateFunction", "lambda:CreateEventSourceMapping", "iam:PassRole",
            "lambda:PublishVersion", "lambda:CreateAlias", "lambda:UpdateAlias",
            "codedeploy:CreateApplication", "codedeploy:CreateDeploymentGroup", "codedeploy:CreateDeployment", "codedeploy:GetDeploymentConfig"],
        ["AWS::Serverless::StateMachine"] = ["states:CreateStateMachine", "logs:CreateLogDelivery", "iam:PassRole"],
        ["AWS::IAM::Role"] = ["iam:CreateRole", "iam:PutRolePolicy"],
        ["AWS::Logs::LogGroup"] = ["logs:CreateLogGroup", "logs:PutRetentionPolicy"],
        ["AWS::Logs::LogStream"] = ["logs:CreateLogStream"],
        ["AWS::S3::Bucket"] = ["s3:CreateBucket", "s3:PutEncryptionConfiguration", "s3:PutBucketPublicAccessBlock",
            "s3:PutLifecycleConfiguration", "s3:PutBucketTagging"],
        ["AWS::KinesisFirehose::DeliveryStream"] = ["firehose:CreateDeliveryStream", "firehose:TagDeliveryStream", "iam:PassRole"],
        ["AWS::SQS::Queue"] = ["sqs:CreateQueue", "sqs:SetQueueAttributes"],
        ["AWS::SQS::QueuePolicy"] = ["sqs:SetQueueAttributes"],
        ["AWS::SNS::Topic"] = ["sns:CreateTopic"],
        ["AWS::SNS::Subscription"] = ["sns:Subscribe", "sns:SetSubscriptionAttributes"],
        ["AWS::KMS::Key"] = ["kms:CreateKey", "kms:EnableKeyRotation"],
        ["AWS::KMS::Alias"] = ["kms:CreateAlias"],
        ["AWS::CloudWatch::Alarm"] = ["cloudwatch:PutMetricAlarm"],
    };

    /// <summary>Properties that name a resource, with the prefix after which the stack name must come.</summary>
    private static readonly Dictionary<string, string> s_nameProperties = new(StringComparer.Ordinal)
    {
        ["Name"] = "",
        ["FunctionName"] = "",
        ["QueueName"] = "",
        ["TopicName"] = "",
        ["AliasName"] = "alias/",
        ["LogGroupName"] = "/aws/",
    };

    [Fact]
    public void DeployRole_EveryTemplateResourceType_HasItsCreateActions()
    {
        var granted = GrantedActions();
        var types = Inputs.Template().AllResources().Select(r => CfnTemplate.TypeOf(r.Resource)).Distinct();

        var missing = types.SelectMany(t => s_createActions.TryGetValue(t, out var actions)
                ? actions.Where(a => !granted.Contains(a)).Select(a => $"{t}: {a}")
                : [$"{t}: no create actions listed in this test"])
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void PhysicalNames_Template_StartWithTheStackName()
    {
        var offenders = new List<string>();
        foreach (var (id, resource) in Inputs.Template().AllResources())
        {
            foreach (var (property, prefix) in s_nameProperties)
            {
                // A Ref names another resource of this template, which is checked itself.
                if (CfnTemplate.PropertiesOf(resource)[property] is not { } name || name is JsonObject { Count: 1 } r && r.ContainsKey("Ref"))
                {
                    continue;
                }

                var sub = name is JsonObject o && o["Fn::Sub"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
                var stackName = sub.IndexOf("${AWS::StackName}-", StringComparison.Ordinal);
                if (stackName < 0 || !sub[..stackName].StartsWith(prefix, StringComparison.Ordinal) || sub[..stackName].Contains('$', StringComparison.Ordinal))
                {
                    offenders.Add($"{id}.{property} = {name.ToJsonString()}");
                }
            }
        }

        Assert.Empty(offenders);
    }

    [Fact]
    public void DeployRole_TemplateLogGroups_FallUnderItsLogGroupPatterns()
    {
        var groups = Inputs.Template().ResourcesOfType("AWS::Logs::LogGroup")
            .Select(r => CfnTemplate.PropertiesOf(r.Resource)["LogGroupName"]!["Fn::Sub"]!.GetValue<string>());
        var patterns = ManageLogGroupsResources();

        Assert.All(groups, g => Assert.Contains(patterns, p =>
            g.StartsWith(p.Replace("${ApplicationName}-*", "", StringComparison.Ordinal), StringComparison.Ordinal)));
    }

    private static HashSet<string> GrantedActions() =>
        DeployStatements().SelectMany(s => CfnTemplate.Strings(s["Action"])).ToHashSet(StringComparer.Ordinal);

    private static List<string> ManageLogGroupsResources() =>
        DeployStatements().Where(s => s["Sid"]?.GetValue<string>() == "ManageLogGroups")
            .SelectMany(s => s["Resource"]!.AsArray())
            .Select(r => r!["Fn::Sub"]!.GetValue<string>())
            .Select(p => p[(p.IndexOf(":log-group:", StringComparison.Ordinal) + ":log-group:".Length)..])
            .ToList();

    private static List<JsonObject> DeployStatements() =>
        Inputs.Pipeline().Resource("DeployRole")["Properties"]!["Policies"]!.AsArray()
            .SelectMany(p => p!["PolicyDocument"]!["Statement"]!.AsArray())
            .OfType<JsonObject>()
            .ToList();
}
