using System.Text.Json.Nodes;
using Sluice.LocalCloud.Lambda;

namespace Sluice.LocalCloud.CloudFormation.Template;

internal sealed partial class StackDeployer
{
    private const string WithoutLambdaNote = "--without-lambda: named only, the Lambda service is not part of this host";

    /// <summary>The Lambda service, or null when the host runs without it on purpose.</summary>
    private ILambdaControlPlane? LambdaService(TemplateResource resource) => _targets.Lambda
        ?? (_targets.WithoutLambda ? null : throw new TemplateException(
            $"{resource.Where}: this local cloud host was composed without the Lambda service, so {resource.Type} resources cannot be created "
            + $"(functions in the template: {string.Join(", ", _template.Resources.Where(r => r.Type is ResourceTypes.ServerlessFunction or ResourceTypes.LambdaFunction).Select(r => r.LogicalId))}); "
            + "pass --without-lambda to create everything else and only name the functions"));

    private DeployedResource CreatedOrNamed(TemplateResource resource, bool created, string physicalId, params (string Name, string Value)[] attributes) =>
        created ? Created(resource, physicalId, attributes)
            : new DeployedResource(resource.LogicalId, resource.Type, ResourceStatus.NotEmulated, physicalId, attributes.ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal))
            {
                Note = WithoutLambdaNote,
            };

    private DeployedResource Function(TemplateResource resource, JsonObject properties, string where)
    {
        var lambda = LambdaService(resource);
        var definition = FunctionDefinitionOf(resource, properties, where);
        lambda?.CreateFunction(definition);
        return CreatedOrNamed(resource, lambda is not null, definition.FunctionName, ("Arn", definition.FunctionArn));
    }

    /// <param name="existing">The name of the function being updated (a generated name stays the one it was created with).</param>
    private FunctionDefinition FunctionDefinitionOf(TemplateResource resource, JsonObject properties, string where, string? existing = null)
    {
        var name = existing ?? Name(resource, properties, "FunctionName", where, 64);
        var arn = Arn("lambda", $"function:{name}");
        var project = resource.Type == ResourceTypes.LambdaFunction
            ? PackagedCode(properties, where)
            : S3Location(properties["CodeUri"], where + ".CodeUri") is { } location
                ? Unpacked(location, where + ".CodeUri")
                : LocalCode(properties, where);
        var architectures = TemplateValues.StringList(properties, "Architectures", where);
        if (architectures.Count > 1)
        {
            throw new TemplateException($"{where}.Architectures: Lambda takes one architecture, found [{string.Join(", ", architectures)}]");
        }
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (TemplateValues.OptionalObject(properties, "Environment", where) is { } env
            && TemplateValues.OptionalObject(env, "Variables", where + ".Environment") is { } variables)
        {
            foreach (var (key, value) in variables)
            {
                environment[key] = TemplateValues.Text(value, $"{where}.Environment.Variables.{key}");
            }
        }
        var logGroup = TemplateValues.OptionalObject(properties, "LoggingConfig", where) is { } logging
            ? TemplateValues.OptionalText(logging, "LogGroup", where + ".LoggingConfig")
            : null;
        var definition = new FunctionDefinition(
            resource.LogicalId,
            name,
            arn,
            project,
            TemplateValues.OptionalText(properties, "Runtime", where) ?? throw new TemplateException($"{where}: Runtime is required"),
            TemplateValues.OptionalText(properties, "Handler", where) ?? throw new TemplateException($"{where}: Handler is required"),
            architectures.Count == 1 ? architectures[0] : "x86_64",
            TemplateValues.OptionalInt(properties, "MemorySize", where) ?? 128,
            TemplateValues.OptionalInt(properties, "Timeout", where) ?? 3,
            TemplateValues.OptionalInt(properties, "ReservedConcurrentExecutions", where),
            environment,
            TemplateValues.OptionalText(properties, "Role", where) ?? throw new TemplateException($"{where}: Role is required"),
            logGroup ?? $"/aws/lambda/{name}",
            TemplateValues.OptionalText(properties, "Description", where) ?? "");
        return definition;
    }

    private DeployedResource EventSourceMapping(TemplateResource resource, JsonObject properties, string where)
    {
        var lambda = LambdaService(resource);
        var uuid = PhysicalNames.DeterministicId(Settings.StackName, Seed(resource)).ToString();
        var mapping = MappingDefinitionOf(uuid, properties, where);
        lambda?.CreateEventSourceMapping(mapping);
        return CreatedOrNamed(resource, lambda is not null, uuid, ("Id", uuid), ("EventSourceMappingArn", Arn("lambda", $"event-source-mapping:{uuid}")));
    }

    /// <summary>
    /// The <c>Code</c> of an <c>AWS::Lambda::Function</c>: the zip at S3Bucket/S3Key (S3ObjectVersion) in
    /// the local S3, unpacked. Inline ZipFile code is Node.js or Python, which the local Lambda does not run.
    /// </summary>
    private string PackagedCode(JsonObject properties, string where)
    {
        var code = TemplateValues.OptionalObject(properties, "Code", where) ?? throw new TemplateException($"{where}: Code is required");
        var at = where + ".Code";
        if (TemplateValues.OptionalText(properties, "PackageType", where) is { } packageType && packageType != "Zip")
        {
            throw new TemplateException($"{where}.PackageType: {packageType} is not served by the local Lambda (it runs a zip's bootstrap)");
        }
        if (code.ContainsKey("ZipFile"))
        {
            var runtime = TemplateValues.OptionalText(properties, "Runtime", where) ?? "";
            throw new TemplateException(runtime.StartsWith("nodejs", StringComparison.Ordinal) || runtime.StartsWith("python", StringComparison.Ordinal)
                ? $"{at}.ZipFile: the local Lambda runs a zip's bootstrap (provided runtimes) and has no {runtime} runtime for inline code; package the function and give S3Bucket and S3Key"
                : $"{at}.ZipFile: inline code is for Node.js and Python runtimes only (found Runtime '{runtime}'); give S3Bucket and S3Key");
        }
        var bucket = TemplateValues.OptionalText(code, "S3Bucket", at);
        var key = TemplateValues.OptionalText(code, "S3Key", at);
        if (bucket is null || key is null)
        {
            throw new TemplateException($"{at}: S3Bucket and S3Key are required (found {TemplateValues.Describe(code)})");
        }
        return Unpacked((bucket, key, TemplateValues.OptionalText(code, "S3ObjectVersion", at)), at);
    }

    /// <summary>A CodeUri folder on this machine, relative to the template.</summary>
    private string LocalCode(JsonObject properties, string where)
    {
        var codeUri = TemplateValues.OptionalText(properties, "CodeUri", where)
            ?? throw new TemplateException($"{where}: CodeUri is required (the function's project folder)");
        var project = Path.GetFullPath(Path.Combine(_template.Directory, codeUri));
        if (!Directory.Exists(project))
        {
            throw new TemplateException($"{where}.CodeUri: {codeUri} resolves to {project}, which is not a folder");
        }
        return project;
    }

    private static EventSourceMappingDefinition MappingDefinitionOf(string uuid, JsonObject properties, string where)
    {
        var onFailure = TemplateValues.OptionalObject(properties, "DestinationConfig", where) is { } destinations
            && TemplateValues.OptionalObject(destinations, "OnFailure", where + ".DestinationConfig") is { } failure
                ? TemplateValues.OptionalText(failure, "Destination", where + ".DestinationConfig.OnFailure")
                : null;
        var timestamp = TemplateValues.OptionalText(properties, "StartingPositionTimestamp", where) is { } seconds
            ? double.TryParse(seconds, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var epoch) && epoch >= 0
                ? DateTimeOffset.UnixEpoch.AddSeconds(epoch)
                : throw new TemplateException($"{where}.StartingPositionTimestamp: expected seconds since the epoch, found '{seconds}'")
            : (DateTimeOffset?)null;
        var scaling = TemplateValues.OptionalObject(properties, "ScalingConfig", where) is { } scalingConfig
            ? TemplateValues.OptionalInt(scalingConfig, "MaximumConcurrency", where + ".ScalingConfig")
            : null;
        var mapping = new EventSourceMappingDefinition(
            uuid,
            TemplateValues.OptionalText(properties, "FunctionName", where) ?? throw new TemplateException($"{where}: FunctionName is required"),
            TemplateValues.OptionalText(properties, "EventSourceArn", where) ?? throw new TemplateException($"{where}: EventSourceArn is required"),
            TemplateValues.OptionalBool(properties, "Enabled", where) ?? true,
            TemplateValues.OptionalInt(properties, "BatchSize", where),
            TemplateValues.OptionalInt(properties, "MaximumBatchingWindowInSeconds", where),
            TemplateValues.OptionalText(properties, "StartingPosition", where),
            timestamp,
            TemplateValues.OptionalInt(properties, "ParallelizationFactor", where),
            TemplateValues.OptionalBool(properties, "BisectBatchOnFunctionError", where),
            TemplateValues.OptionalInt(properties, "MaximumRetryAttempts", where),
            TemplateValues.OptionalInt(properties, "MaximumRecordAgeInSeconds", where),
            TemplateValues.StringList(properties, "FunctionResponseTypes", where),
            onFailure,
            scaling);
        return mapping;
    }
}
