namespace Sluice.LocalCloud.Lambda.Runtime;

/// <summary>
/// What every function's environments share: the options, the published artifacts, the Runtime API
/// server and its pool of ports (which is the account's concurrency limit), and the endpoint the
/// functions call back.
/// </summary>
internal sealed class LambdaPlatform(LambdaOptions options, FunctionArtifacts artifacts, RuntimeApiServer server, Func<string> endpoint, Func<IEnumerable<LambdaFunction>> functions)
{
    public LambdaOptions Options { get; } = options;

    public FunctionArtifacts Artifacts { get; } = artifacts;

    public Func<string> Endpoint { get; } = endpoint;

    /// <summary>CloudWatch Logs of the host's region, where the functions' lines go; null keeps them only in memory.</summary>
    public Logs.LogsService? Logs { get; init; }

    private readonly SemaphoreSlim _inits = new(Math.Max(1, options.ConcurrentInits));

    /// <summary>
    /// A new environment of the function with its own Runtime API port and one of the init slots, which
    /// the caller gives back with <see cref="InitDone"/> once the environment has started (or failed to).
    /// When all ports are taken, an idle environment of another function gives its up. Null when one of
    /// the function's own environments became idle meanwhile: the caller takes that warm one (evicting it
    /// to start a cold one would turn every invocation under saturation into a cold start).
    /// </summary>
    public async Task<ExecutionEnvironment?> LeaseAsync(LambdaFunction function, CancellationToken cancellationToken)
    {
        while (!await _inits.WaitAsync(TimeSpan.FromMilliseconds(2), cancellationToken).ConfigureAwait(false))
        {
            if (function.HasIdle)
            {
                return null;
            }
        }
        var environment = function.NewEnvironment();
        try
        {
            while (true)
            {
                if (function.HasIdle)
                {
                    function.Forget(environment);
                    _inits.Release();
                    return null;
                }
                if (server.Lease(environment) is { } port)
                {
                    environment.Port = port;
                    return environment;
                }
                if (!functions().Any(f => f != function && f.TryEvictIdle()))
                {
                    await Task.Delay(10, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            function.Forget(environment);
            _inits.Release();
            throw;
        }
    }

    /// <summary>Gives back the init slot <see cref="LeaseAsync"/> took.</summary>
    public void InitDone() => _inits.Release();

    public void Release(ExecutionEnvironment environment)
    {
        if (environment.Port != 0)
        {
            server.Return(environment.Port, environment);
        }
    }
}
