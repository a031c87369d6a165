using System.Globalization;
using System.Text.Json.Nodes;
using Sluice.LocalCloud.CodeDeploy;

namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>
/// <c>AWS::Lambda::Version</c> (PublishVersion; every property create-only, so a change is a new
/// version) and <c>AWS::Lambda::Alias</c>. An alias with an <c>UpdatePolicy</c>
/// <c>CodeDeployLambdaAliasUpdate</c> moves to a new version as CodeDeploy moves it: by its deployment
/// group's configuration, watching the group's alarms, and back to the old version when one fires.
/// </summary>
internal sealed partial class StackDeployer
{
    private DeployedResource Version(TemplateResource resource, JsonObject properties, string where)
    {
        var function = TemplateValues.OptionalText(properties, "FunctionName", where) ?? throw new TemplateException($"{where}: FunctionName is required");
        var lambda = LambdaService(resource);
        if (lambda is null)
        {
            var arn = Arn("lambda", $"function:{function}:1");
            return CreatedOrNamed(resource, false, arn, ("Version", "1"), ("FunctionArn", arn));
        }
        var published = lambda.PublishVersion(function, TemplateValues.OptionalText(properties, "CodeSha256", where), TemplateValues.OptionalText(properties, "Description", where));
        return Created(resource, published.Arn, ("Version", published.Version), ("FunctionArn", published.Arn));
    }

    private DeployedResource Alias(TemplateResource resource, JsonObject properties, string where)
    {
        var (function, name, version) = AliasNames(properties, where);
        var lambda = LambdaService(resource);
        if (lambda is null)
        {
            var arn = Arn("lambda", $"function:{function}:{name}");
            return CreatedOrNamed(resource, false, arn, ("AliasArn", arn));
        }
        var alias = lambda.CreateAlias(function, name, version, TemplateValues.OptionalText(properties, "Description", where), Weights(properties, where));
        return Created(resource, alias.Arn, ("AliasArn", alias.Arn));
    }

    /// <summary>
    /// A new version for an alias: at once, or, under a CodeDeploy update policy, shifted gradually
    /// with the deployment group's alarms watched; an alarm rolls the alias back and fails the update.
    /// </summary>
    private async Task<DeployedResource> UpdateAliasAsync(TemplateResource resource, DeployedResource current, JsonObject properties, string where, CancellationToken cancellationToken)
    {
        if (LambdaService(resource) is not { } lambda)
        {
            return current;
        }
        var (function, name, version) = AliasNames(properties, where);
        var description = TemplateValues.OptionalText(properties, "Description", where) ?? "";
        var live = lambda.GetAlias(function, name);
        if (resource.UpdatePolicy?["CodeDeployLambdaAliasUpdate"] is JsonObject policy && live.FunctionVersion != version && live.AdditionalVersion is null)
        {
            var group = DeploymentGroup(policy, where);
            var deployment = new LambdaDeployment(lambda, _targets.Deployments, function, name, live.FunctionVersion, version,
                DeploymentConfig.Parse(group.ConfigName, where), group.Alarms);
            var outcome = await deployment.RunAsync(cancellationToken).ConfigureAwait(false);
            if (!outcome.Succeeded)
            {
                var seconds = (outcome.Finished - outcome.Started).TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
                throw new TemplateException($"{resource.Where}: CodeDeploy deployment {outcome.DeploymentId} of {function}:{name} to version {version} failed and rolled back to version {live.FunctionVersion} after {seconds} s: {outcome.Reason}");
            }
        }
        lambda.UpdateAlias(function, name, version, description, Weights(properties, where) ?? new Dictionary<string, double>(), null);
        return current;
    }

    /// <summary>The deployment group an update policy names: its configuration and the alarms it watches, from the stack's own resources.</summary>
    private (string ConfigName, IReadOnlyList<MetricAlarm> Alarms) DeploymentGroup(JsonObject policy, string where)
    {
        var groupId = policy["DeploymentGroupName"] is JsonObject { } reference && reference["Ref"] is JsonValue v && v.TryGetValue<string>(out var id)
            ? id
            : throw new TemplateException($"{where}: UpdatePolicy.CodeDeployLambdaAliasUpdate.DeploymentGroupName must be a Ref to the stack's AWS::CodeDeploy::DeploymentGroup");
        if (!_deployed.TryGetValue(groupId, out var group) || group.Type != ResourceTypes.CodeDeployDeploymentGroup)
        {
            throw new TemplateException($"{where}: UpdatePolicy names {groupId}, which is not an AWS::CodeDeploy::DeploymentGroup of this stack");
        }
        var groupWhere = $"Resources.{groupId}.Properties";
        var properties = group.Properties ?? [];
        var configName = TemplateValues.OptionalText(properties, "DeploymentConfigName", groupWhere) ?? "CodeDeployDefault.LambdaAllAtOnce";
        var alarms = new List<MetricAlarm>();
        if (TemplateValues.OptionalObject(properties, "AlarmConfiguration", groupWhere) is { } configuration
            && (TemplateValues.OptionalBool(configuration, "Enabled", groupWhere + ".AlarmConfiguration") ?? true)
            && configuration["Alarms"] is JsonArray list)
        {
            foreach (var (entry, i) in list.Select((e, i) => (e, i)))
            {
                var alarmName = entry is JsonObject o ? TemplateValues.OptionalText(o, "Name", $"{groupWhere}.AlarmConfiguration.Alarms[{i}]") : null;
                var alarm = _deployed.Values.FirstOrDefault(r => r.Type == ResourceTypes.Alarm && r.PhysicalId == alarmName)
                    ?? throw new TemplateException($"{groupWhere}.AlarmConfiguration.Alarms[{i}]: alarm {alarmName} is not an AWS::CloudWatch::Alarm of this stack (the local cloud evaluates only the stack's own alarms)");
                alarms.Add(MetricAlarm.From(alarm.PhysicalId, alarm.Properties ?? [], $"Resources.{alarm.LogicalId}.Properties"));
            }
        }
        return (configName, alarms);
    }

    private static (string Function, string Name, string Version) AliasNames(JsonObject properties, string where) => (
        TemplateValues.OptionalText(properties, "FunctionName", where) ?? throw new TemplateException($"{where}: FunctionName is required"),
        TemplateValues.OptionalText(properties, "Name", where) ?? throw new TemplateException($"{where}: Name is required"),
        TemplateValues.OptionalText(properties, "FunctionVersion", where) ?? throw new TemplateException($"{where}: FunctionVersion is required"));

    /// <summary>RoutingConfig.AdditionalVersionWeights as CloudFormation writes it: a list of FunctionVersion and FunctionWeight.</summary>
    private static Dictionary<string, double>? Weights(JsonObject properties, string where)
    {
        if (TemplateValues.OptionalObject(properties, "RoutingConfig", where) is not { } routing)
        {
            return null;
        }
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        if (routing["AdditionalVersionWeights"] is JsonArray list)
        {
            foreach (var (entry, i) in list.Select((e, i) => (e, i)))
            {
                var at = $"{where}.RoutingConfig.AdditionalVersionWeights[{i}]";
                var o = entry as JsonObject ?? throw new TemplateException($"{at}: expected a mapping");
                var version = TemplateValues.OptionalText(o, "FunctionVersion", at) ?? throw new TemplateException($"{at}: FunctionVersion is required");
                var weight = TemplateValues.OptionalText(o, "FunctionWeight", at) ?? throw new TemplateException($"{at}: FunctionWeight is required");
                weights[version] = double.TryParse(weight, NumberStyles.Float, CultureInfo.InvariantCulture, out var w)
                    ? w
                    : throw new TemplateException($"{at}.FunctionWeight: expected a number, found '{weight}'");
            }
        }
        return weights;
    }

    private void DeleteVersionOrAlias(DeployedResource resource)
    {
        if (_targets.Lambda is not { } lambda)
        {
            return;
        }
        var properties = resource.Properties ?? [];
        var function = TemplateValues.OptionalText(properties, "FunctionName", resource.LogicalId) ?? "";
        if (resource.Type == ResourceTypes.LambdaAlias)
        {
            lambda.DeleteAlias(function, TemplateValues.OptionalText(properties, "Name", resource.LogicalId) ?? "");
        }
        else if (resource.Attributes.TryGetValue("Version", out var version))
        {
            lambda.DeleteVersion(function, version);
        }
    }
}
