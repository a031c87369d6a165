namespace Sluice.LocalCloud.Lambda.Runtime;

/// <summary>An invocation handed to an environment's <c>/invocation/next</c>, with what its answer completes.</summary>
internal sealed class PendingInvocation(string requestId, byte[] payload, long deadlineMs, string invokedFunctionArn, string traceId)
{
    public string RequestId { get; } = requestId;

    public byte[] Payload { get; } = payload;

    public long DeadlineMs { get; } = deadlineMs;

    public string InvokedFunctionArn { get; } = invokedFunctionArn;

    public string TraceId { get; } = traceId;

    public TaskCompletionSource<InvocationOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
