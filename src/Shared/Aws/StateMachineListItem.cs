using System.Text.Json.Serialization;

namespace Sluice.Shared.Aws;

public sealed class StateMachineListItem
{
    public required string StateMachineArn { get; init; }

    public required string Name { get; init; }

    /// <summary>STANDARD or EXPRESS.</summary>
    public required string Type { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public required DateTimeOffset CreationDate { get; init; }
}
