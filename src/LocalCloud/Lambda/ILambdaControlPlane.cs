namespace Sluice.LocalCloud.Lambda;

/// <summary>What the template loader asks of the Lambda service.</summary>
internal interface ILambdaControlPlane
{
    /// <exception cref="Protocol.AwsServiceException">A function of that name exists (ResourceConflictException) or a setting is invalid.</exception>
    void CreateFunction(FunctionDefinition function);

    /// <exception cref="Protocol.AwsServiceException">The function or the event source does not exist, or a setting is invalid.</exception>
    void CreateEventSourceMapping(EventSourceMappingDefinition mapping);
}
