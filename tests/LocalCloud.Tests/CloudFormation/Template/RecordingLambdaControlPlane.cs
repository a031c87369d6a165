using Sluice.LocalCloud.Lambda;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Tests.CloudFormation.Template;

/// <summary>Records what the loader asks of the Lambda service; refuses a mapping for a function it was not given, as Lambda does.</summary>
internal sealed class RecordingLambdaControlPlane : ILambdaControlPlane
{
    public List<FunctionDefinition> Functions { get; } = [];

    public List<EventSourceMappingDefinition> Mappings { get; } = [];

    public void CreateFunction(FunctionDefinition function)
    {
        if (Functions.Any(f => f.FunctionName == function.FunctionName))
        {
            throw new AwsServiceException("ResourceConflictException", $"Function already exist: {function.FunctionName}", 409);
        }
        Functions.Add(function);
    }

    public void CreateEventSourceMapping(EventSourceMappingDefinition mapping)
    {
        // A name, name:qualifier or (qualified) ARN, as Lambda takes it.
        var name = mapping.FunctionName.StartsWith("arn:", StringComparison.Ordinal) ? mapping.FunctionName.Split(':')[6] : mapping.FunctionName.Split(':')[0];
        if (Functions.All(f => f.FunctionName != name))
        {
            throw new AwsServiceException("ResourceNotFoundException", $"Function not found: {mapping.FunctionName}", 404);
        }
        Mappings.Add(mapping);
    }

    public void UpdateFunction(FunctionDefinition function)
    {
        var index = Functions.FindIndex(f => f.FunctionName == function.FunctionName);
        if (index < 0)
        {
            throw new AwsServiceException("ResourceNotFoundException", $"Function not found: {function.FunctionName}", 404);
        }
        Functions[index] = function;
    }

    public FunctionDefinition? CurrentFunction(string functionName) => Functions.FirstOrDefault(f => f.FunctionName == functionName);

    public EventSourceMappingDefinition? CurrentMapping(string uuid) => Mappings.FirstOrDefault(m => m.Uuid == uuid);

    public void DeleteFunction(string functionName) => Functions.RemoveAll(f => f.FunctionName == functionName);

    public void UpdateEventSourceMapping(EventSourceMappingDefinition mapping)
    {
        var index = Mappings.FindIndex(m => m.Uuid == mapping.Uuid);
        if (index < 0)
        {
            throw new AwsServiceException("ResourceNotFoundException", $"The resource you requested does not exist. (Service: Lambda, Status Code: 404, Request ID: {mapping.Uuid})", 404);
        }
        Mappings[index] = mapping;
    }

    public Task DeleteEventSourceMappingAsync(string uuid)
    {
        Mappings.RemoveAll(m => m.Uuid == uuid);
        return Task.CompletedTask;
    }

    public FunctionDefinition Function(string logicalId) => Functions.Single(f => f.LogicalId == logicalId);

    /// <summary>Published versions by function name, in order.</summary>
    public Dictionary<string, List<string>> Versions { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, FunctionAlias> Aliases { get; } = new(StringComparer.Ordinal);

    public (string Version, string Arn) PublishVersion(string functionName, string? codeSha256, string? description)
    {
        var function = Functions.FirstOrDefault(f => f.FunctionName == functionName)
            ?? throw new AwsServiceException("ResourceNotFoundException", $"Function not found: {functionName}", 404);
        var versions = Versions.TryGetValue(functionName, out var list) ? list : Versions[functionName] = [];
        versions.Add((versions.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return (versions[^1], $"{function.FunctionArn}:{versions[^1]}");
    }

    public void DeleteVersion(string functionName, string version) => Versions.GetValueOrDefault(functionName)?.Remove(version);

    public FunctionAlias CreateAlias(string functionName, string aliasName, string functionVersion, string? description, IReadOnlyDictionary<string, double>? weights)
    {
        var function = Functions.FirstOrDefault(f => f.FunctionName == functionName)
            ?? throw new AwsServiceException("ResourceNotFoundException", $"Function not found: {functionName}", 404);
        var alias = new FunctionAlias(aliasName, $"{function.FunctionArn}:{aliasName}", functionVersion, description ?? "", null, 0, Guid.NewGuid().ToString());
        Aliases[$"{functionName}:{aliasName}"] = alias;
        return alias;
    }

    public FunctionAlias UpdateAlias(string functionName, string aliasName, string? functionVersion, string? description, IReadOnlyDictionary<string, double>? weights, string? revisionId)
    {
        var current = GetAlias(functionName, aliasName);
        var alias = current with { FunctionVersion = functionVersion ?? current.FunctionVersion };
        Aliases[$"{functionName}:{aliasName}"] = alias;
        return alias;
    }

    public FunctionAlias GetAlias(string functionName, string aliasName) =>
        Aliases.GetValueOrDefault($"{functionName}:{aliasName}") ?? throw new AwsServiceException("ResourceNotFoundException", $"Alias not found: {functionName}:{aliasName}", 404);

    public void DeleteAlias(string functionName, string aliasName) => Aliases.Remove($"{functionName}:{aliasName}");

    public IReadOnlyList<Sluice.LocalCloud.Lambda.Runtime.InvocationRecord> Invocations(string functionName) => [];
}
