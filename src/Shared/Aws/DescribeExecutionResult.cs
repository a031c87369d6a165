using System.Text.Json.Serialization;

namespace Sluice.Shared.Aws;

/// <summary>The DescribeExecution answer (the fields the project reads; others are ignored).</summary>
public sealed class DescribeExecutionResult
{
    public required string ExecutionArn { get; init; }

    public required string StateMachineArn { get; init; }

    public string? Name { get; init; }

    /// <summary>RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED or PENDING_REDRIVE.</summary>
    public required string Status { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public required DateTimeOffset StartDate { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? StopDate { get; init; }

    public string? Input { get; init; }

    public string? Output { get; init; }

    public string? Error { get; init; }

    public string? Cause { get; init; }

    public string? TraceHeader { get; init; }

    public string? MapRunArn { get; init; }

    public int? RedriveCount { get; init; }

    /// <summary>REDRIVABLE, NOT_REDRIVABLE or REDRIVABLE_BY_MAP_RUN.</summary>
    public string? RedriveStatus { get; init; }

    /// <summary>Why RedriveExecution would refuse the execution, when it would.</summary>
    public string? RedriveStatusReason { get; init; }
}
