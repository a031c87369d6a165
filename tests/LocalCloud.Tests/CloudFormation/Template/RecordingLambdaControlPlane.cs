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
        if (Functions.All(f => f.FunctionName != mapping.FunctionName))
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

    private static NotSupportedException NoVersions() => new("the recording control plane records functions and mappings; versions and aliases need the real Lambda service");

    public Sluice.LocalCloud.Lambda.Runtime.LambdaFunction PublishVersion(string functionName, string? codeSha256 = null, string? description = null, string? revisionId = null) => throw NoVersions();

    public void DeleteVersion(string functionName, string version) => throw NoVersions();

    public FunctionAlias CreateAlias(string functionName, string aliasName, string functionVersion, string? description, IReadOnlyDictionary<string, double>? weights) => throw NoVersions();

    public FunctionAlias UpdateAlias(string functionName, string aliasName, string? functionVersion, string? description, IReadOnlyDictionary<string, double>? weights, string? revisionId) => throw NoVersions();

    public FunctionAlias GetAlias(string functionName, string aliasName) => throw NoVersions();

    public void DeleteAlias(string functionName, string aliasName) => throw NoVersions();

    public IReadOnlyList<Sluice.LocalCloud.Lambda.Runtime.InvocationRecord> Invocations(string functionName) => throw NoVersions();
}
