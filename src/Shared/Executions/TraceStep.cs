namespace Sluice.Shared.Executions;

/// <summary>
/// One state's run in one lane: from its StateEntered to its StateExited (or the end of its lane).
/// <see cref="Status"/> is succeeded, caught (an error a Catch took: the state exited), failed,
/// running, or stopped (the execution ended while it ran); <see cref="Attempts"/> counts the
/// task's invocations, retries included.
/// </summary>
public sealed record TraceStep
{
    /// <summary>The id of its StateEntered event.</summary>
    public required long EnteredEventId { get; init; }

    public required string Lane { get; init; }

    public required string State { get; init; }

    /// <summary>Task, Pass, Choice, Wait, Parallel, Map, Succeed or Fail.</summary>
    public required string Type { get; init; }

    public required DateTimeOffset Start { get; init; }

    public DateTimeOffset? End { get; init; }

    public required string Status { get; init; }

    public int Attempts { get; init; }

    public string? Error { get; init; }

    /// <summary>The cause as a person reads it (a Lambda error's message, no stack trace).</summary>
    public string? Cause { get; init; }
}
