using System.Text.Json.Nodes;
using Sluice.Asl.Definition;

namespace Sluice.Asl.Api;

internal sealed class StateMachineRecord
{
    public required string Arn { get; init; }

    public required string Name { get; init; }

    public required string Type { get; init; }

    public required DateTimeOffset CreationDate { get; init; }

    public required string DefinitionText { get; set; }

    public required StateMachineDefinition Definition { get; set; }

    public required string RoleArn { get; set; }

    public required JsonObject LoggingConfiguration { get; set; }

    public required JsonObject TracingConfiguration { get; set; }

    public string? RevisionId { get; set; }

    public DateTimeOffset? UpdateDate { get; set; }

    public string? Description { get; set; }

    /// <summary>Tags in key order; replaced whole under the service's lock.</summary>
    public SortedDictionary<string, string> Tags { get; set; } = new(StringComparer.Ordinal);
}
