using System.Text.Json.Nodes;

namespace Sluice.LocalCloud.CloudFormation.Template;

internal sealed partial class StackDeployer
{
    /// <summary>IAM, CloudWatch Logs and alarms, KMS: named and given ARNs as CloudFormation would; nothing local enforces them.</summary>
    private DeployedResource Acknowledged(TemplateResource resource, JsonObject properties, string where)
    {
        var id = PhysicalNames.DeterministicId(Settings.StackName, Seed(resource));
        var (physicalId, attributes, note) = resource.Type switch
        {
            ResourceTypes.Role => Role(resource, properties, where),
            ResourceTypes.LogGroup => LogGroup(resource, properties, where),
            ResourceTypes.LogStream => LogStream(resource, properties, where),
            ResourceTypes.Alarm => Alarm(resource, properties, where),
            ResourceTypes.KmsKey => (id.ToString(), new Dictionary<string, string> { ["Arn"] = Arn("kms", $"key/{id}"), ["KeyId"] = id.ToString() },
                "KMS: queues, topics and the stream keep data in memory unencrypted"),
            ResourceTypes.CodeDeployApplication => (Name(resource, properties, "ApplicationName", where, 100), new Dictionary<string, string>(),
                "CodeDeploy: the local cloud runs its Lambda deployments when an alias with a CodeDeployLambdaAliasUpdate policy changes version; its API is not served"),
            ResourceTypes.CodeDeployDeploymentGroup => (Name(resource, properties, "DeploymentGroupName", where, 100), new Dictionary<string, string>(),
                "CodeDeploy: the group's configuration and alarms drive the local traffic shift of the alias that names it"),
            ResourceTypes.LambdaPermission => Permission(resource, properties, where),
            ResourceTypes.KmsAlias => (TemplateValues.OptionalText(properties, "AliasName", where) ?? throw new TemplateException($"{where}: AliasName is required"),
                new Dictionary<string, string>(), "KMS: queues, topics and the stream keep data in memory unencrypted"),
            _ => throw new TemplateException($"{resource.Where}: type {resource.Type} is not supported"),
        };
        return new DeployedResource(resource.LogicalId, resource.Type, ResourceStatus.NotEmulated, physicalId, attributes) { Note = note };
    }

    private (string, Dictionary<string, string>, string) Role(TemplateResource resource, JsonObject properties, string where)
    {
        var name = Name(resource, properties, "RoleName", where, 64);
        var path = TemplateValues.OptionalText(properties, "Path", where) ?? "/";
        var roleId = "AROA" + PhysicalNames.Token("role/" + Settings.StackName + "/" + resource.LogicalId, 17);
        var attributes = new Dictionary<string, string>
        {
            ["Arn"] = $"arn:{Settings.Partition}:iam::{Settings.AccountId}:role{path}{name}",
            ["RoleId"] = roleId,
        };
        return (name, attributes, "IAM: every local call is allowed");
    }

    /// <summary>A function's permission: its statement id, generated as CloudFormation generates it; the physical id joins the function and the id.</summary>
    private (string, Dictionary<string, string>, string) Permission(TemplateResource resource, JsonObject properties, string where)
    {
        var function = TemplateValues.OptionalText(properties, "FunctionName", where) ?? throw new TemplateException($"{where}: FunctionName is required");
        foreach (var required in new[] { "Action", "Principal" })
        {
            _ = TemplateValues.OptionalText(properties, required, where) ?? throw new TemplateException($"{where}: {required} is required");
        }
        var id = PhysicalNames.Generate(Settings.StackName, resource.LogicalId, 100, "", Generation);
        return ($"{function}|{id}", new Dictionary<string, string> { ["Id"] = id }, "Lambda: every local invocation is allowed; the permission is recorded by the stack");
    }

    private (string, Dictionary<string, string>, string) LogGroup(TemplateResource resource, JsonObject properties, string where)
    {
        var name = Name(resource, properties, "LogGroupName", where, 512);
        return (name, new Dictionary<string, string> { ["Arn"] = Arn("logs", $"log-group:{name}:*") }, "CloudWatch Logs: the stack records the group; the local cloud creates it when a function first writes to it (the template's retention and tags are not applied)");
    }

    private (string, Dictionary<string, string>, string) LogStream(TemplateResource resource, JsonObject properties, string where)
    {
        _ = TemplateValues.OptionalText(properties, "LogGroupName", where) ?? throw new TemplateException($"{where}: LogGroupName is required");
        var name = Name(resource, properties, "LogStreamName", where, 512);
        return (name, new Dictionary<string, string>(), "CloudWatch Logs: the stack records the stream; the local cloud creates it when something first writes to it");
    }

    private (string, Dictionary<string, string>, string) Alarm(TemplateResource resource, JsonObject properties, string where)
    {
        var name = Name(resource, properties, "AlarmName", where, 255);
        return (name, new Dictionary<string, string> { ["Arn"] = Arn("cloudwatch", $"alarm:{name}") }, "CloudWatch alarms: evaluated locally only as a CodeDeploy deployment group's rollback triggers (AWS/Lambda metrics of the invocations the local cloud ran)");
    }
}
