using System.Text.Json.Serialization;

namespace Sluice.Shared.Aws;

public sealed class RedriveExecutionResult
{
    /// <summary>When the execution was last redriven (the first redrive's date for a repeated client token).</summary>
    [JsonConverter(typeof(EpochSecondsConverter))]
    public required DateTimeOffset RedriveDate { get; init; }
}
