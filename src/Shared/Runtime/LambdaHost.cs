using Sluice.Shared.Logging;
using Sluice.Shared.Metrics;

namespace Sluice.Shared.Runtime;

/// <summary>
/// What a function's <c>Program.cs</c> composes its handler from: the environment, the logger, the
/// metrics recorder, the clock and one <see cref="HttpClient"/> for AWS calls. Built once per
/// execution environment.
/// </summary>
public sealed class LambdaHost
{
    private HttpClient? _http;

    public LambdaHost(IEnvironmentVariables environment, JsonLineSink sink, TimeProvider clock)
    {
        Environment = environment;
        Clock = clock;
        Function = FunctionSettings.FromEnvironment(environment);
        Logger = LambdaLogger.FromEnvironment(environment, Function, sink, clock);
        Metrics = MetricsRecorder.FromEnvironment(environment, Logger.Service, sink, clock);
    }

    public IEnvironmentVariables Environment { get; }

    public TimeProvider Clock { get; }

    public FunctionSettings Function { get; }

    public LambdaLogger Logger { get; }

    public MetricsRecorder Metrics { get; }

    /// <summary>One connection pool for the process's AWS calls, reused across invocations.</summary>
    public HttpClient Http => _http ??= new HttpClient(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(5),
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>A variable the function cannot start without; missing, it fails the init with a message naming it.</summary>
    public string RequiredVariable(string name) =>
        Environment.Get(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"The environment variable {name} is not set; the function's configuration (infra/template.yaml) must set it.");

    /// <summary>
    /// The whole life of a function process: compose the handler (an exception there is reported to
    /// <c>/init/error</c>), then serve invocations until the Runtime API goes away. Returns the exit code.
    /// </summary>
    public static async Task<int> RunAsync(Func<LambdaHost, InvocationHandler> compose, IEnvironmentVariables? environment = null, CancellationToken cancellationToken = default)
    {
        environment ??= ProcessEnvironment.Instance;
        var runtimeApi = environment.Get("AWS_LAMBDA_RUNTIME_API");
        if (string.IsNullOrWhiteSpace(runtimeApi))
        {
            await Console.Error.WriteLineAsync("AWS_LAMBDA_RUNTIME_API is not set: this executable is a Lambda function and must be started by the Lambda service (or the local cloud).").ConfigureAwait(false);
            return 2;
        }

        using var client = new RuntimeApiClient(runtimeApi);
        var host = new LambdaHost(environment, JsonLineSink.StandardOutput, TimeProvider.System);
        InvocationHandler handler;
        try
        {
            handler = compose(host);
        }
#pragma warning disable CA1031 // Any start-up failure must reach Lambda as an init error, whatever its type.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            host.Logger.Error(exception, "Function initialisation failed: {error}", ("error", exception.Message));
            await client.PostInitErrorAsync(ErrorBody.From(exception), cancellationToken).ConfigureAwait(false);
            return 1;
        }

        return await new RuntimeLoop(client, host, handler, static (name, value) => System.Environment.SetEnvironmentVariable(name, value))
            .RunAsync(cancellationToken).ConfigureAwait(false);
    }
}
