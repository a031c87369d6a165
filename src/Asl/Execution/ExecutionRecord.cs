using System.Text.Json.Nodes;
using Sluice.Asl.Definition;
using Sluice.Asl.History;

namespace Sluice.Asl.Execution;

/// <summary>Everything known about one execution: identity, input, status, result and history.</summary>
internal sealed class ExecutionRecord
{
    public required string Arn { get; init; }

    public required string Name { get; init; }

    public required string StateMachineArn { get; init; }

    public required string StateMachineName { get; init; }

    public required string RoleArn { get; init; }

    public required string Type { get; init; }

    public required StateMachineDefinition Definition { get; init; }

    /// <summary>The definition's text as the execution started with it (what a journal keeps).</summary>
    public string DefinitionText { get; init; } = string.Empty;

    public required string InputText { get; init; }

    /// <summary>The parsed input; dropped (null) with the history once the execution is long closed.</summary>
    public required JsonNode? Input { get; set; }

    public required DateTimeOffset StartDate { get; init; }

    public required HistoryLog History { get; init; }

    /// <summary>Called once the execution has closed (its last history event written), before waiters are released.</summary>
    public Action<ExecutionRecord>? OnClosed { get; init; }

    /// <summary>Cancels the current run (StopExecution, a timeout); replaced when the execution is redriven.</summary>
    public CancellationTokenSource Cancellation { get; private set; } = new();

    /// <summary>Completes when the current run closes; replaced when the execution is redriven.</summary>
    public TaskCompletionSource Completion { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Where each of its programs stood, so a redrive continues from what did not succeed.</summary>
    public Checkpoints Checkpoints { get; } = new();

    /// <summary>The client tokens of recent redrives (AWS answers a repeated token with the same redrive).</summary>
    public List<(string Token, DateTimeOffset Used, DateTimeOffset RedriveDate)> RedriveTokens { get; } = [];

    /// <summary>
    /// Reopens a closed execution for RedriveExecution: RUNNING again, with a fresh cancellation and
    /// completion, the redrive counted, and its outcome cleared. The caller holds the service's lock.
    /// </summary>
    public void Reopen(DateTimeOffset now)
    {
        var closed = Cancellation;
        Cancellation = new CancellationTokenSource();
        closed.Dispose();
        Completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        StopRequest = null;
        OutputText = null;
        Error = null;
        Cause = null;
        StopDate = null;
        RedriveCount++;
        RedriveDate = now;
        Status = "RUNNING";
    }

    public string Status { get; set; } = "RUNNING";

    public DateTimeOffset? StopDate { get; set; }

    public string? OutputText { get; set; }

    public string? Error { get; set; }

    public string? Cause { get; set; }

    /// <summary>The Distributed Map run that started this execution as one of its children, if any.</summary>
    public string? MapRunArn { get; init; }

    /// <summary>How many times RedriveExecution restarted this execution ($$.Execution.RedriveCount).</summary>
    public int RedriveCount { get; set; }

    /// <summary>When it was last redriven ($$.Execution.RedriveTime); null until the first redrive.</summary>
    public DateTimeOffset? RedriveDate { get; set; }

    /// <summary>Set by StopExecution before it cancels, so the runner records an abort, not a failure.</summary>
    public (string? Error, string? Cause)? StopRequest { get; set; }
}
