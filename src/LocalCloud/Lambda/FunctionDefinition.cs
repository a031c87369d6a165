namespace Sluice.LocalCloud.Lambda;

/// <summary>
/// A function as the template declares it, resolved (names, ARNs, environment): what the template
/// loader hands the Lambda service. <see cref="ProjectDirectory"/> is the function's source folder
/// (the SAM <c>CodeUri</c>, e.g. <c>src/Ingest</c>), published on demand as its AOT <c>bootstrap</c>.
/// <see cref="Description"/> is the function's, as GetFunctionConfiguration answers it.
/// </summary>
internal sealed record FunctionDefinition(
    string LogicalId,
    string FunctionName,
    string FunctionArn,
    string ProjectDirectory,
    string Runtime,
    string Handler,
    string Architecture,
    int MemorySizeMb,
    int TimeoutSeconds,
    int? ReservedConcurrentExecutions,
    IReadOnlyDictionary<string, string> Environment,
    string RoleArn,
    string LogGroupName,
    string Description = "");
