using System.Text.Json.Nodes;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>
/// Creates a loaded template's resources in the local services, in dependency order, evaluating each
/// resource's intrinsics against what was created before it (so a Ref of a queue is its real URL).
/// </summary>
internal sealed partial class StackDeployer
{
    private readonly StackTargets _targets;
    private readonly LoadedTemplate _template;
    private readonly Dictionary<string, DeployedResource> _deployed = new(StringComparer.Ordinal);
    private readonly IntrinsicResolver _resolver;

    /// <param name="existing">Resources of the stack that already exist (an update), by logical id.</param>
    public StackDeployer(StackTargets targets, LoadedTemplate template, IEnumerable<DeployedResource>? existing = null)
    {
        _targets = targets;
        _template = template;
        _resolver = new IntrinsicResolver(template.Parameters, template.Conditions, template.Mappings, Lookup)
        {
            LanguageExtensions = template.LanguageExtensions,
            Exports = template.Settings.Exports,
        };
        foreach (var resource in existing ?? [])
        {
            _deployed[resource.LogicalId] = resource;
        }
    }

    /// <summary>Generated names carry this, so a replacement gets a name of its own (0: the first creation).</summary>
    public int Generation { get; init; }

    /// <summary>Makes a resource's Ref and attributes visible to the resources after it.</summary>
    public void Record(DeployedResource resource) => _deployed[resource.LogicalId] = resource;

    public void Forget(string logicalId) => _deployed.Remove(logicalId);

    /// <summary>Whether the resource's Condition holds.</summary>
    public bool Included(TemplateResource resource) =>
        resource.Condition is not { } condition || _resolver.Condition(condition, resource.Where + ".Condition");

    /// <summary>The resource's properties with every intrinsic evaluated against what exists now.</summary>
    public JsonObject ResolveProperties(TemplateResource resource) =>
        _resolver.Resolve(resource.Properties, resource.Where + ".Properties") as JsonObject ?? [];

    /// <summary>Creates one resource (after the ones it refers to) and records it.</summary>
    public async Task<DeployedResource> ProvisionAsync(TemplateResource resource, CancellationToken cancellationToken)
    {
        var deployed = await DeployAsync(resource, cancellationToken).ConfigureAwait(false);
        _deployed[resource.LogicalId] = deployed;
        return deployed;
    }

    /// <summary>Refuses a template with functions in a host composed without Lambda, before anything is created.</summary>
    public void CheckLambda()
    {
        if (_template.Resources.FirstOrDefault(r => r.Type is ResourceTypes.ServerlessFunction or ResourceTypes.LambdaFunction or ResourceTypes.EventSourceMapping or ResourceTypes.LambdaVersion or ResourceTypes.LambdaAlias) is { } first)
        {
            _ = LambdaService(first);
        }
    }

    private StackSettings Settings => _template.Settings;

    public LoadedTemplate Template => _template;

    /// <summary>A value of the template (an export name, an output) evaluated against what exists now.</summary>
    public string ResolveText(JsonNode? node, string where) => TemplateValues.Text(_resolver.Resolve(node, where), where);

    public static async Task<DeployedStack> DeployAsync(LoadedTemplate template, StackTargets targets, CancellationToken cancellationToken)
    {
        var deployer = new StackDeployer(targets, template);
        // Refused before anything is created, rather than half way through the stack.
        deployer.CheckLambda();
        var resources = new List<DeployedResource>();
        foreach (var resource in template.Resources)
        {
            resources.Add(await deployer.ProvisionAsync(resource, cancellationToken).ConfigureAwait(false));
        }
        return new DeployedStack(template, resources, deployer.Outputs());
    }

    private async Task<DeployedResource> DeployAsync(TemplateResource resource, CancellationToken cancellationToken)
    {
        if (resource.Condition is { } condition && !_resolver.Condition(condition, resource.Where + ".Condition"))
        {
            return new DeployedResource(resource.LogicalId, resource.Type, ResourceStatus.ConditionFalse, "", new Dictionary<string, string>())
            {
                Note = $"condition {condition} is false",
            };
        }
        var properties = _resolver.Resolve(resource.Properties, resource.Where + ".Properties") as JsonObject ?? [];
        var where = resource.Where + ".Properties";
        try
        {
            var created = resource.Type switch
            {
                ResourceTypes.KinesisStream => Stream(resource, properties, where),
                ResourceTypes.SqsQueue => Queue(resource, properties, where),
                ResourceTypes.SqsQueuePolicy => QueuePolicy(resource, properties, where),
                ResourceTypes.SnsTopic => Topic(resource, properties, where),
                ResourceTypes.SnsSubscription => Subscription(resource, properties, where),
                ResourceTypes.ServerlessFunction or ResourceTypes.LambdaFunction => Function(resource, properties, where),
                ResourceTypes.BucketPolicy => BucketPolicy(resource, properties, where),
                ResourceTypes.EventSourceMapping => EventSourceMapping(resource, properties, where),
                ResourceTypes.LambdaVersion => Version(resource, properties, where),
                ResourceTypes.LambdaAlias => Alias(resource, properties, where),
                ResourceTypes.S3Bucket => Bucket(resource, properties, where),
                ResourceTypes.DeliveryStream => DeliveryStream(resource, properties, where),
                ResourceTypes.ServerlessStateMachine or ResourceTypes.StateMachine => await StateMachineAsync(resource, properties, where, cancellationToken).ConfigureAwait(false),
                ResourceTypes.KmsKey => KmsKey(resource, properties, where),
                ResourceTypes.KmsAlias => KmsAlias(resource, properties, where),
                _ when ResourceTypes.Acknowledged.Contains(resource.Type) => Acknowledged(resource, properties, where),
                _ => throw new TemplateException($"{resource.Where}: type {resource.Type} is not supported"),
            };
            return created with { Properties = properties };
        }
        catch (AwsServiceException e)
        {
            throw new TemplateException($"{resource.Where}: {resource.Type} could not be created: {e.Code}: {e.Message}");
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException or InvalidOperationException)
        {
            // The services signal some bad values this way; the HTTP router answers them as validation errors.
            throw new TemplateException($"{resource.Where}: {resource.Type} could not be created: {e.Message}");
        }
    }

    private JsonNode? Lookup(string logicalId, string? attribute, string where)
    {
        if (!_deployed.TryGetValue(logicalId, out var resource))
        {
            throw new TemplateException($"{where}: {logicalId} is not created yet (the loader's order is wrong: report this)");
        }
        if (resource.Status == ResourceStatus.ConditionFalse)
        {
            throw new TemplateException($"{where}: refers to {logicalId}, which is not created because its {resource.Note}");
        }
        if (attribute is null)
        {
            return JsonValue.Create(resource.PhysicalId);
        }
        return resource.Attributes.TryGetValue(attribute, out var value)
            ? JsonValue.Create(value)
            : throw new TemplateException($"{where}: {logicalId} ({resource.Type}) has no attribute {attribute} (it has: {string.Join(", ", resource.Attributes.Keys)})");
    }

    public Dictionary<string, string> Outputs()
    {
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, node) in _template.Outputs)
        {
            var where = $"Outputs.{name}";
            var output = node as JsonObject ?? throw new TemplateException($"{where}: expected a mapping");
            if (TemplateValues.OptionalText(output, "Condition", where) is { } condition && !_resolver.Condition(condition, where + ".Condition"))
            {
                continue;
            }
            var value = _resolver.Resolve(output["Value"], where + ".Value");
            outputs[name] = value is JsonArray list
                ? string.Join(',', list.Select((n, i) => TemplateValues.Text(n, $"{where}.Value[{i}]")))
                : TemplateValues.Text(value, where + ".Value");
        }
        return outputs;
    }

    private string Name(TemplateResource resource, JsonObject properties, string property, string where, int maxLength, string suffix = "") =>
        TemplateValues.OptionalText(properties, property, where) ?? PhysicalNames.Generate(Settings.StackName, resource.LogicalId, maxLength, suffix, Generation);

    private string Seed(TemplateResource resource) =>
        Generation == 0 ? resource.LogicalId : resource.LogicalId + "#" + Generation.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private string Arn(string service, string resource) => $"arn:{Settings.Partition}:{service}:{Settings.Region}:{Settings.AccountId}:{resource}";

    private static DeployedResource Created(TemplateResource resource, string physicalId, params (string Name, string Value)[] attributes) =>
        new(resource.LogicalId, resource.Type, ResourceStatus.Created, physicalId, attributes.ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal));
}
