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

    public FunctionDefinition Function(string logicalId) => Functions.Single(f => f.LogicalId == logicalId);
}
