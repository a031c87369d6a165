namespace Sluice.LocalCloud.Lambda;

/// <summary>What CloudFormation asks of the Lambda service.</summary>
internal interface ILambdaControlPlane
{
    /// <exception cref="Protocol.AwsServiceException">A function of that name exists (ResourceConflictException) or a setting is invalid.</exception>
    void CreateFunction(FunctionDefinition function);

    /// <summary>New code or configuration: new invocations get it, running ones finish on what they started with.</summary>
    /// <exception cref="Protocol.AwsServiceException">The function does not exist or a setting is invalid.</exception>
    void UpdateFunction(FunctionDefinition function);

    /// <summary>Removes the function; a function that is already gone is not an error.</summary>
    void DeleteFunction(string functionName);

    /// <exception cref="Protocol.AwsServiceException">The function or the event source does not exist, or a setting is invalid.</exception>
    void CreateEventSourceMapping(EventSourceMappingDefinition mapping);

    /// <summary>New settings for a mapping, which keeps its position in the stream or queue.</summary>
    /// <exception cref="Protocol.AwsServiceException">The mapping does not exist, or the change cannot be made in place.</exception>
    void UpdateEventSourceMapping(EventSourceMappingDefinition mapping);

    /// <summary>Stops and removes the mapping; one that is already gone is not an error.</summary>
    Task DeleteEventSourceMappingAsync(string uuid);
}
