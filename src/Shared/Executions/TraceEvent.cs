namespace Sluice.Shared.Executions;

/// <summary>One history event as <c>sluice watch &lt;execution&gt;</c> shows it: with its lane and the state it belongs to.</summary>
public sealed record TraceEvent(long Id, string Type, DateTimeOffset Timestamp, double ElapsedSeconds, string? State, string? Error, string? Cause)
{
    /// <summary>The lane's path ("" for the main flow), as in <see cref="Executions.Lane.Id"/>.</summary>
    public string Lane { get; init; } = string.Empty;
}
