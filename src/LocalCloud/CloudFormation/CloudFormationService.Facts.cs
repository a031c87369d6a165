using System.Text.Json.Nodes;
using Sluice.LocalCloud.CloudFormation.Stacks;
using Sluice.LocalCloud.CloudFormation.Template;

namespace Sluice.LocalCloud.CloudFormation;

internal sealed partial class CloudFormationService
{
    internal sealed record ParameterFact(string Key, string? Default, string Type, bool NoEcho, string? Description, IReadOnlyList<string> AllowedValues);

    /// <summary>What ValidateTemplate and GetTemplateSummary tell about a template.</summary>
    internal sealed record TemplateFacts(IReadOnlyList<ParameterFact> Parameters, string? Description, IReadOnlyList<string> Capabilities,
        string? CapabilitiesReason, IReadOnlyList<string> ResourceTypes, string? Version, IReadOnlyList<string> Transforms);

    public async Task<TemplateFacts> ValidateTemplateAsync(string? body, string? url, CancellationToken cancellationToken)
    {
        var input = new StackInput { StackName = "validate", TemplateBody = body, TemplateUrl = url };
        var (text, path) = await TemplateTextAsync(input, null, cancellationToken).ConfigureAwait(false);
        return Facts(text, path);
    }

    /// <summary>GetTemplateSummary of a template, or of a stack's current template.</summary>
    public async Task<TemplateFacts> TemplateSummaryAsync(string? body, string? url, string? stackName, CancellationToken cancellationToken)
    {
        if (stackName is not null && body is null && url is null)
        {
            var stack = Stack(stackName);
            lock (_gate)
            {
                return Facts(stack.TemplateBody, stack.TemplatePath);
            }
        }
        return await ValidateTemplateAsync(body, url, cancellationToken).ConfigureAwait(false);
    }

    private TemplateFacts Facts(string text, string path)
    {
        var raw = Parse(text, path);
        var parameters = (raw["Parameters"] as JsonObject ?? []).Select(p =>
        {
            var spec = p.Value as JsonObject ?? [];
            return new ParameterFact(p.Key, spec["Default"] is { } d ? Text(d) : null, spec["Type"]?.ToString() ?? "String",
                spec["NoEcho"]?.ToString() is "true" or "True", spec["Description"]?.ToString(),
                spec["AllowedValues"] is JsonArray allowed ? allowed.Select(Text).ToList() : []);
        }).ToList();
        var transforms = raw["Transform"] switch
        {
            null => [],
            JsonArray list => list.Select(Text).ToList(),
            var single => [Text(single)],
        };
        // The capabilities follow from the transformed resources; parameters' defaults stand in for values.
        var settings = _host with { StackName = "validate", Parameters = parameters.Where(p => p.Default is null).ToDictionary(p => p.Key, _ => "x", StringComparer.Ordinal) };
        List<string> capabilities = [];
        try
        {
            var template = TemplateLoader.Load(text, path, settings);
            capabilities = RequiredCapabilities(new Submitted(text, path, template, [], raw), changeSet: false);
        }
        catch (TemplateException e)
        {
            throw CloudFormationErrors.Template(e);
        }
        var types = (raw["Resources"] as JsonObject ?? []).Select(r => (r.Value as JsonObject)?["Type"]?.ToString()).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var reason = capabilities.Count == 0 ? null
            : capabilities.Contains("CAPABILITY_AUTO_EXPAND") && capabilities.Count == 1 ? "The following resource(s) require capabilities: [" + string.Join(", ", transforms) + "]"
            : "The following resource(s) require capabilities: [" + string.Join(", ", types.Where(t => s_iamTypes.Contains(t))) + "]";
        return new TemplateFacts(parameters, raw["Description"]?.ToString(), capabilities, reason, types, raw["AWSTemplateFormatVersion"]?.ToString() ?? "2010-09-09", transforms);
    }

    /// <summary>GetTemplate's Processed stage: the template after the SAM transform, as JSON.</summary>
    public string ProcessedTemplate(StackRecord stack)
    {
        var template = Reload(stack);
        var raw = TemplateYaml.Load(stack.TemplateBody, stack.TemplatePath);
        raw.Remove("Transform");
        raw.Remove("Globals");
        var resources = new JsonObject();
        foreach (var r in template.Resources)
        {
            var entry = new JsonObject { ["Type"] = r.Type, ["Properties"] = r.Properties.DeepClone() };
            if (r.Condition is not null)
            {
                entry["Condition"] = r.Condition;
            }
            if (r.DependsOn.Count > 0)
            {
                entry["DependsOn"] = new JsonArray([.. r.DependsOn.Select(d => (JsonNode?)JsonValue.Create(d))]);
            }
            if (r.DeletionPolicy is not null)
            {
                entry["DeletionPolicy"] = r.DeletionPolicy;
            }
            if (r.UpdateReplacePolicy is not null)
            {
                entry["UpdateReplacePolicy"] = r.UpdateReplacePolicy;
            }
            resources[r.LogicalId] = entry;
        }
        raw["Resources"] = resources;
        // The language extensions' loops expand in Conditions and Outputs too.
        foreach (var (section, expanded) in new[] { ("Conditions", template.Conditions), ("Outputs", template.Outputs) })
        {
            if (raw.ContainsKey(section))
            {
                raw[section] = expanded.DeepClone();
            }
        }
        return raw.ToJsonString();
    }

    /// <summary>CancelUpdateStack: only an update in progress can be cancelled; the local update runs to its end or rollback.</summary>
    public void CancelUpdate(string stackName)
    {
        lock (_gate)
        {
            var stack = Require(stackName);
            throw CloudFormationErrors.Validation(stack.Status == StackStatus.UpdateInProgress
                ? $"Stack:{stack.StackId} is in {stack.Status} state; the local cloud applies an update's resources one after another without a point to cancel at"
                : $"CancelUpdateStack cannot be called from current stack status: {stack.Status}");
        }
    }

    public string SetTerminationProtection(string stackName, bool enabled)
    {
        lock (_gate)
        {
            var stack = Require(stackName);
            stack.EnableTerminationProtection = enabled;
            return stack.StackId;
        }
    }
}
