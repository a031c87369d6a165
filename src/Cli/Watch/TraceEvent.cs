namespace Sluice.Cli.Watch;

/// <summary>One history event as <c>sluice watch &lt;execution&gt;</c> shows it.</summary>
internal sealed record TraceEvent(long Id, string Type, DateTimeOffset Timestamp, double ElapsedSeconds, string? State, string? Error, string? Cause);
