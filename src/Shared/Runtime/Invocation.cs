namespace Sluice.Shared.Runtime;

/// <summary>One event as the Runtime API hands it out: the headers that describe it and the raw payload.</summary>
public sealed record Invocation(
    string RequestId,
    long DeadlineMs,
    string InvokedFunctionArn,
    string? TraceId,
    byte[] Payload);
