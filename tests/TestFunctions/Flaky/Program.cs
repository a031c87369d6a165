using Sluice.Flaky;
using Sluice.Shared.Runtime;

return await LambdaHost.RunAsync(static host =>
{
    if (int.TryParse(host.Environment.Get("FLAKY_INIT_SLEEP_MS"), out var sleep))
    {
        Thread.Sleep(sleep);
    }
    if (host.Environment.Get("FLAKY_INIT_FAIL") is { Length: > 0 } reason)
    {
        throw new FunctionException("FlakyInitFailed", reason);
    }
    return new FlakyHandler(Console.Out).HandleAsync;
}).ConfigureAwait(false);
