using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Shared.Aws;

/// <summary>
/// One event of an execution history. The details of the commonest event types are typed; the
/// details of every other type (map, parallel, activity, task timeouts...) stay as raw JSON in
/// <see cref="OtherDetails"/>, keyed by their wire name.
/// </summary>
public sealed class HistoryEvent
{
    [JsonConverter(typeof(EpochSecondsConverter))]
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>e.g. ExecutionStarted, TaskStateEntered, LambdaFunctionFailed.</summary>
    public required string Type { get; init; }

    public required long Id { get; init; }

    public long? PreviousEventId { get; init; }

    public HistoryEventDetails? ExecutionStartedEventDetails { get; init; }

    public HistoryEventDetails? ExecutionSucceededEventDetails { get; init; }

    public HistoryEventDetails? ExecutionFailedEventDetails { get; init; }

    public HistoryEventDetails? ExecutionAbortedEventDetails { get; init; }

    public HistoryEventDetails? ExecutionTimedOutEventDetails { get; init; }

    public HistoryEventDetails? StateEnteredEventDetails { get; init; }

    public HistoryEventDetails? StateExitedEventDetails { get; init; }

    public HistoryEventDetails? TaskScheduledEventDetails { get; init; }

    public HistoryEventDetails? TaskSucceededEventDetails { get; init; }

    public HistoryEventDetails? TaskFailedEventDetails { get; init; }

    public HistoryEventDetails? LambdaFunctionScheduledEventDetails { get; init; }

    public HistoryEventDetails? LambdaFunctionSucceededEventDetails { get; init; }

    public HistoryEventDetails? LambdaFunctionFailedEventDetails { get; init; }

    // Settable because System.Text.Json cannot fill extension data through init-only members.
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherDetails { get; set; }
}
