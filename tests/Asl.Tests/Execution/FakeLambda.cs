using System.Collections.Concurrent;
using Sluice.Asl.Resources;

namespace Sluice.Asl.Tests.Execution;

/// <summary>A Lambda fake answering from a function per call; it records every invocation.</summary>
internal sealed class FakeLambda(Func<string, string, LambdaInvocationResult> answer) : ILambdaInvoker
{
    public ConcurrentQueue<(string Function, string Payload)> Calls { get; } = new();

    public Task<LambdaInvocationResult> InvokeAsync(string function, string payloadJson, CancellationToken cancellationToken)
    {
        Calls.Enqueue((function, payloadJson));
        return Task.FromResult(answer(function, payloadJson));
    }
}
