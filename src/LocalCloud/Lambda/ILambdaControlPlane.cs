namespace Sluice.LocalCloud.Lambda;

/// <summary>What CloudFormation asks of the Lambda service.</summary>
internal interface ILambdaControlPlane
{
    /// <exception cref="Protocol.AwsServiceException">A function of that name exists (ResourceConflictException) or a setting is invalid.</exception>
    void CreateFunction(FunctionDefinition function);

    /// <summary>New code or configuration: new invocations get it, running ones finish on what they started with.</summary>
    /// <exception cref="Protocol.AwsServiceException">The function does not exist or a setting is invalid.</exception>
    void UpdateFunction(FunctionDefinition function);

    /// <summary>The function's <c>$LATEST</c> configuration as it is now, or null when there is no such function.</summary>
    FunctionDefinition? CurrentFunction(string functionName);

    /// <summary>The mapping's settings as they are now, or null when there is no such mapping.</summary>
    EventSourceMappingDefinition? CurrentMapping(string uuid);

    /// <summary>Removes the function; a function that is already gone is not an error.</summary>
    void DeleteFunction(string functionName);

    /// <exception cref="Protocol.AwsServiceException">The function or the event source does not exist, or a setting is invalid.</exception>
    void CreateEventSourceMapping(EventSourceMappingDefinition mapping);

    /// <summary>New settings for a mapping, which keeps its position in the stream or queue.</summary>
    /// <exception cref="Protocol.AwsServiceException">The mapping does not exist, or the change cannot be made in place.</exception>
    void UpdateEventSourceMapping(EventSourceMappingDefinition mapping);

    /// <summary>Stops and removes the mapping; one that is already gone is not an error.</summary>
    Task DeleteEventSourceMappingAsync(string uuid);

    /// <summary>Publishes <c>$LATEST</c> as a new version (or answers the newest, when nothing changed since it).</summary>
    /// <returns>The version's number and qualified ARN.</returns>
    (string Version, string Arn) PublishVersion(string functionName, string? codeSha256, string? description);

    /// <summary>Deletes a published version; refused while an alias routes to it.</summary>
    void DeleteVersion(string functionName, string version);

    FunctionAlias CreateAlias(string functionName, string aliasName, string functionVersion, string? description, IReadOnlyDictionary<string, double>? weights);

    /// <summary>Each setting left null keeps its value; an empty weights map removes the routing.</summary>
    FunctionAlias UpdateAlias(string functionName, string aliasName, string? functionVersion, string? description, IReadOnlyDictionary<string, double>? weights, string? revisionId);

    FunctionAlias GetAlias(string functionName, string aliasName);

    void DeleteAlias(string functionName, string aliasName);

    /// <summary>The function's invocation records, every version's (the newest 10,000): what its CloudWatch metrics are computed from.</summary>
    IReadOnlyList<Runtime.InvocationRecord> Invocations(string functionName);
}
