using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Sluice.Asl.Resources;

namespace Sluice.Asl.Tests.Execution;

/// <summary>A service-integration fake that records calls and answers with a fixed result.</summary>
internal sealed class FakeServices(Func<ServiceInvocation, ServiceInvocationResult> answer) : IServiceIntegrationInvoker
{
    public ConcurrentQueue<ServiceInvocation> Calls { get; } = new();

    public Task<ServiceInvocationResult> InvokeAsync(ServiceInvocation invocation, CancellationToken cancellationToken)
    {
        Calls.Enqueue(invocation);
        return Task.FromResult(answer(invocation));
    }

    public static ServiceInvocationResult Ok(string json) => ServiceInvocationResult.Success(JsonNode.Parse(json));
}
