using Sluice.Flaky;
using Sluice.Shared.Runtime;

return await LambdaHost.RunAsync(static host =>
{
    if (host.Environment.Get("FLAKY_INIT_FAIL") is { Length: > 0 } reason)
    {
        throw new FunctionException("FlakyInitFailed", reason);
    }
    return new FlakyHandler(Console.Out).HandleAsync;
}).ConfigureAwait(false);
