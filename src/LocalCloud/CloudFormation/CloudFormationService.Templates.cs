using System.Text.Json.Nodes;
using Sluice.LocalCloud.CloudFormation.Stacks;
using Sluice.LocalCloud.CloudFormation.Template;

namespace Sluice.LocalCloud.CloudFormation;

internal sealed partial class CloudFormationService
{
    private static readonly HashSet<string> s_iamTypes = new(StringComparer.Ordinal)
    {
        "AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::User", "AWS::IAM::Group", "AWS::IAM::AccessKey",
        "AWS::IAM::InstanceProfile", "AWS::IAM::UserToGroupAddition",
    };

    private static readonly Dictionary<string, string> s_iamNames = new(StringComparer.Ordinal)
    {
        ["AWS::IAM::Role"] = "RoleName",
        ["AWS::IAM::ManagedPolicy"] = "ManagedPolicyName",
        ["AWS::IAM::User"] = "UserName",
        ["AWS::IAM::Group"] = "GroupName",
        ["AWS::IAM::InstanceProfile"] = "InstanceProfileName",
    };

    /// <summary>A template read from what was submitted, with its parameters settled and checked.</summary>
    internal sealed record Submitted(string Body, string Path, LoadedTemplate Template, List<StackParameter> Parameters, JsonObject Raw);

    /// <summary>The template text: the body, the object at the URL, or the stack's current one.</summary>
    private async Task<(string Body, string Path)> TemplateTextAsync(StackInput input, StackRecord? existing, CancellationToken cancellationToken)
    {
        var given = (input.TemplateBody is not null ? 1 : 0) + (input.TemplateUrl is not null ? 1 : 0) + (input.UsePreviousTemplate ? 1 : 0);
        if (given != 1)
        {
            throw CloudFormationErrors.Validation(given == 0
                ? "Either Template URL or Template Body must be specified."
                : "Specify exactly one of TemplateBody, TemplateURL or UsePreviousTemplate.");
        }
        if (input.UsePreviousTemplate)
        {
            return existing is { Status: not StackStatus.ReviewInProgress }
                ? (existing.TemplateBody, existing.TemplatePath)
                : throw CloudFormationErrors.Validation("UsePreviousTemplate can only be used with an existing stack.");
        }
        var path = input.TemplatePath ?? existing?.TemplatePath ?? System.IO.Path.Combine(WorkingDirectory, "template.yaml");
        if (input.TemplateBody is { } body)
        {
            return (body, path);
        }
        var reader = TemplateUrlReader ?? throw CloudFormationErrors.Validation(
            $"TemplateURL {input.TemplateUrl}: this local cloud host has no S3 service to read it from; send the template as TemplateBody");
        return (await reader(input.TemplateUrl!, cancellationToken).ConfigureAwait(false), path);
    }

    /// <summary>Reads, transforms and checks a template with its parameter values (UsePreviousValue from <paramref name="existing"/>).</summary>
    private async Task<Submitted> SubmitAsync(StackInput input, StackRecord? existing, string stackId, CancellationToken cancellationToken)
    {
        var (body, path) = await TemplateTextAsync(input, existing, cancellationToken).ConfigureAwait(false);
        var raw = Parse(body, path);
        var declared = raw["Parameters"] as JsonObject ?? [];
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var parameter in input.Parameters)
        {
            if (!declared.ContainsKey(parameter.Key))
            {
                unknown.Add(parameter.Key);
                continue;
            }
            if (parameter.UsePreviousValue)
            {
                var previous = existing?.Parameters.FirstOrDefault(p => p.Key == parameter.Key)
                    ?? throw CloudFormationErrors.Validation($"Invalid input for parameter key {parameter.Key}. Cannot specify usePreviousValue as true for a parameter key not in the previous template");
                values[parameter.Key] = previous.Value;
            }
            else
            {
                values[parameter.Key] = parameter.Value ?? "";
            }
        }
        if (unknown.Count > 0)
        {
            throw CloudFormationErrors.Validation($"Parameters: [{string.Join(", ", unknown)}] do not exist in the template");
        }
        var missing = declared.Where(p => !values.ContainsKey(p.Key) && (p.Value as JsonObject)?["Default"] is null).Select(p => p.Key).ToList();
        if (missing.Count > 0)
        {
            throw CloudFormationErrors.Validation($"Parameters: [{string.Join(", ", missing)}] must have values");
        }
        var name = input.StackName.StartsWith("arn:", StringComparison.Ordinal) ? existing!.StackName : input.StackName;
        var settings = _host with { StackName = name, StackId = stackId, Parameters = values };
        LoadedTemplate template;
        string? missingExport;
        try
        {
            template = TemplateLoader.Load(body, path, settings);
            missingExport = TemplateImports.FirstMissing(template);
        }
        catch (TemplateException e)
        {
            throw CloudFormationErrors.Template(e);
        }
        if (missingExport is not null)
        {
            throw CloudFormationErrors.Validation($"No export named {missingExport} found.");
        }
        var parameters = declared.Select(p => new StackParameter(
            p.Key,
            values.TryGetValue(p.Key, out var v) ? v : Text((p.Value as JsonObject)?["Default"]),
            (p.Value as JsonObject)?["NoEcho"]?.ToString() is "true" or "True")).ToList();
        return new Submitted(body, path, template, parameters, raw);
    }

    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonArray list => string.Join(',', list.Select(Text)),
        _ => node.GetValueKind() == System.Text.Json.JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString(),
    };

    /// <summary>The template's YAML or JSON as a tree, with the resource types checked against what the local cloud creates.</summary>
    private static JsonObject Parse(string body, string path)
    {
        JsonObject raw;
        try
        {
            raw = TemplateYaml.Load(body, path);
        }
        catch (TemplateException e)
        {
            throw CloudFormationErrors.Template(e);
        }
        if (raw["Resources"] is not JsonObject { Count: > 0 } resources)
        {
            throw CloudFormationErrors.Validation("Template format error: At least one Resources member must be defined.");
        }
        var unsupported = resources
            .Select(r => (r.Value as JsonObject)?["Type"]?.ToString())
            .Where(t => t is not null && !ResourceTypes.Shapes.ContainsKey(t) && !IsSamType(t))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (unsupported.Count > 0)
        {
            throw CloudFormationErrors.Validation($"Template format error: Unrecognized resource types: [{string.Join(", ", unsupported)}]");
        }
        return raw;
    }

    private static bool IsSamType(string? type) => type is ResourceTypes.ServerlessFunction or ResourceTypes.ServerlessStateMachine;

    /// <summary>The capabilities the template needs: IAM resources, named ones, and (outside change sets) the transform.</summary>
    private static List<string> RequiredCapabilities(Submitted submitted, bool changeSet)
    {
        var required = new List<string>();
        var iam = submitted.Template.Resources.Where(r => s_iamTypes.Contains(r.Type)).ToList();
        if (iam.Any(r => s_iamNames.TryGetValue(r.Type, out var nameProperty) && r.Properties.ContainsKey(nameProperty)))
        {
            required.Add("CAPABILITY_NAMED_IAM");
        }
        else if (iam.Count > 0)
        {
            required.Add("CAPABILITY_IAM");
        }
        if (!changeSet && submitted.Raw["Transform"] is not null)
        {
            required.Add("CAPABILITY_AUTO_EXPAND");
        }
        return required;
    }

    private static void CheckCapabilities(Submitted submitted, IReadOnlyList<string> given, bool changeSet)
    {
        var missing = RequiredCapabilities(submitted, changeSet)
            .Where(c => !given.Contains(c) && !(c == "CAPABILITY_IAM" && given.Contains("CAPABILITY_NAMED_IAM")))
            .ToList();
        if (missing.Count > 0)
        {
            throw CloudFormationErrors.Capabilities(missing);
        }
    }
}
