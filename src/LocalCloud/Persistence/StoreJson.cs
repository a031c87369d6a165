using System.Text.Json.Serialization;
using Sluice.LocalCloud.CloudFormation.Stacks;
using Sluice.LocalCloud.Lambda;

namespace Sluice.LocalCloud.Persistence;

/// <summary>
/// The JSON the store keeps for control-plane records (functions, mappings, stacks, change sets, delivery streams, log groups):
/// the records themselves, generated at build time so the AOT host needs no reflection.
/// </summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(DurableStore.StoredShard[]))]
[JsonSerializable(typeof(StoredFunction))]
[JsonSerializable(typeof(EventSourceMappingDefinition))]
[JsonSerializable(typeof(StackRecord))]
[JsonSerializable(typeof(StackEventRecord))]
[JsonSerializable(typeof(ChangeSetRecord))]
[JsonSerializable(typeof(Sluice.Asl.Api.StoredStateMachine))]
[JsonSerializable(typeof(Sluice.Asl.Api.StoredExecution))]
[JsonSerializable(typeof(StoredDeliveryStream))]
[JsonSerializable(typeof(StoredLogGroup))]
internal sealed partial class StoreJson : JsonSerializerContext;

/// <summary>A function as the store keeps it: <c>$LATEST</c>, its published versions and its aliases.</summary>
internal sealed record StoredFunction(
    FunctionDefinition Definition,
    DateTimeOffset Created,
    IReadOnlyList<StoredVersion> Versions,
    bool LatestPublished,
    IReadOnlyList<FunctionAlias> Aliases);

/// <summary>A published version: the configuration it froze, its number and description.</summary>
internal sealed record StoredVersion(string Version, string Description, DateTimeOffset Created, FunctionDefinition Definition);
