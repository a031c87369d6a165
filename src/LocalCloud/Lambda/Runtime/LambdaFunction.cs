using System.Globalization;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Lambda.Runtime;

/// <summary>
/// One function and its execution environments: warm ones are reused (most recently used first),
/// new ones are started up to the function's reserved concurrency; each invocation gets the
/// function's timeout. Every invocation leaves an <see cref="InvocationRecord"/> and log lines.
/// </summary>
internal sealed class LambdaFunction : IDisposable
{
    private const int MaxRecords = 10_000;
    private readonly LambdaPlatform _platform;
    private readonly Stack<ExecutionEnvironment> _idle = new();
    private readonly HashSet<ExecutionEnvironment> _all = [];
    private readonly SemaphoreSlim _concurrency;
    private readonly Queue<InvocationRecord> _records;
    private readonly InvocationTotals _totals;
    private int _environmentCounter;
    private bool _disposed;

    public const string Latest = "$LATEST";

    /// <summary>
    /// A function's <c>$LATEST</c>, or one of its published versions. <paramref name="predecessor"/> is
    /// the <c>$LATEST</c> this one replaces (an update) or copies (a published version): the function's
    /// log and invocation records carry on across both, as its log group does on AWS, and a published
    /// version runs exactly the code its <c>$LATEST</c> had.
    /// </summary>
    public LambdaFunction(FunctionDefinition definition, LambdaPlatform platform, DateTimeOffset created, LambdaFunction? predecessor = null, string version = Latest, string description = "")
    {
        Definition = definition;
        _platform = platform;
        Created = created;
        Version = version;
        Description = description;
        var logs = platform.Logs;
        Log = predecessor is not null && predecessor.Definition.LogGroupName == definition.LogGroupName
            ? predecessor.Log
            : new FunctionLog(platform.Options.LogLinesPerFunction, platform.Options.Clock,
                logs is null ? null : (time, stream, text) => logs.Append(definition.LogGroupName, stream, time, text));
        _records = predecessor?._records ?? new Queue<InvocationRecord>();
        _totals = predecessor?._totals ?? new InvocationTotals();
        Limit = Math.Min(definition.ReservedConcurrentExecutions ?? platform.Options.AccountConcurrency, platform.Options.AccountConcurrency);
        _concurrency = new SemaphoreSlim(Limit, Math.Max(Limit, 1));
        if (version != Latest && predecessor is not null)
        {
            Bootstrap = predecessor.Bootstrap;
            return;
        }
        // Publish in the background now, so the first invocation rarely waits for the compiler.
        Bootstrap = platform.Artifacts.BootstrapAsync(definition.ProjectDirectory);
        Bootstrap.ContinueWith(static _ => { }, TaskScheduler.Default);
    }

    public FunctionDefinition Definition { get; }

    /// <summary><c>$LATEST</c>, or the number of a published version.</summary>
    public string Version { get; }

    /// <summary>A published version's description (PublishVersion's), empty for <c>$LATEST</c>.</summary>
    public string Description { get; }

    /// <summary>The function's ARN for <c>$LATEST</c>, the version's qualified ARN otherwise, as GetFunction answers them.</summary>
    public string Arn => Version == Latest ? Definition.FunctionArn : $"{Definition.FunctionArn}:{Version}";

    private TimeProvider Clock => _platform.Options.Clock;

    public DateTimeOffset Created { get; }

    public FunctionLog Log { get; }

    public int Limit { get; }

    public Task<string> Bootstrap { get; }

    /// <summary>The process ids of the running environments.</summary>
    public IReadOnlyList<int> ProcessIds()
    {
        lock (_idle)
        {
            return _all.Select(e => e.ProcessId).OfType<int>().ToList();
        }
    }

    /// <summary>Every invocation, cold start and error of the function so far (the records keep the newest only).</summary>
    public InvocationTotals Totals => _totals;

    public IReadOnlyList<InvocationRecord> Records()
    {
        lock (_records)
        {
            return _records.ToList();
        }
    }

    /// <summary>
    /// Invokes once. With <paramref name="waitForCapacity"/> false a call beyond the concurrency limit
    /// is throttled (TooManyRequestsException), as a synchronous Invoke is; event sources wait instead.
    /// </summary>
    public async Task<(InvocationOutcome Outcome, InvocationRecord Record)> InvokeAsync(byte[] payload, bool waitForCapacity, CancellationToken cancellationToken, string? invokedArn = null)
    {
        var requestId = Guid.NewGuid().ToString();
        if (waitForCapacity)
        {
            await _concurrency.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (!await _concurrency.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            throw new AwsServiceException("TooManyRequestsException", "Rate Exceeded.", 429);
        }
        try
        {
            return await RunAsync(requestId, payload, invokedArn ?? Definition.FunctionArn, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _concurrency.Release();
        }
    }

    private async Task<(InvocationOutcome, InvocationRecord)> RunAsync(string requestId, byte[] payload, string invokedArn, CancellationToken cancellationToken)
    {
        var started = Clock.GetUtcNow();
        var environment = TakeIdle();
        var cold = false;
        double initMs = 0;
        while (environment is null)
        {
            string bootstrap;
            try
            {
                bootstrap = await Bootstrap.ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
            {
                var failed = InvocationOutcome.Error("Runtime.InvalidEntrypoint", $"RequestId: {requestId} Error: the function's code could not be built: {e.Message}", environmentLost: true);
                return (failed, Record(requestId, started, true, 0, 0, 0, failed.ErrorType, "none", invokedArn));
            }
            var leased = await _platform.LeaseAsync(this, cancellationToken).ConfigureAwait(false);
            if (leased is null)
            {
                // One of ours came back while we waited for an init slot or a port; another invocation may take it first.
                environment = TakeIdle();
                continue;
            }
            environment = leased;
            cold = true;
            InvocationOutcome? initFailure;
            var initStart = Clock.GetTimestamp();
            try
            {
                if (_disposed)
                {
                    // The service is stopping: start no new process.
                    Retire(environment);
                    throw new OperationCanceledException("The Lambda service is stopping");
                }
                initFailure = await environment.InitAsync(bootstrap, EnvironmentVariables(environment), _platform.Options.InitTimeout, requestId).ConfigureAwait(false);
            }
            finally
            {
                _platform.InitDone();
            }
            initMs = Clock.GetElapsedTime(initStart).TotalMilliseconds;
            if (initFailure is not null)
            {
                Log.Append($"INIT_REPORT Init Duration: {Ms(initMs)} ms\tPhase: init\tStatus: error\tError Type: {initFailure.ErrorType}", requestId, environment.LogStreamName);
                Retire(environment);
                return (initFailure, Record(requestId, started, cold, initMs, 0, 0, initFailure.ErrorType, environment.Id, invokedArn));
            }
        }

        Log.Append($"START RequestId: {requestId} Version: {Version}", requestId, environment.LogStreamName);
        var timeout = TimeSpan.FromSeconds(Definition.TimeoutSeconds);
        var now = Clock.GetUtcNow();
        var deadline = now.Add(timeout).ToUnixTimeMilliseconds();
        var traceId = $"Root=1-{now.ToUnixTimeSeconds():x8}-{Guid.NewGuid():N}"[..40] + ";Parent=" + Guid.NewGuid().ToString("N")[..16] + ";Sampled=0";
        var pending = new PendingInvocation(requestId, payload, deadline, invokedArn, traceId);
        var invokeStart = Clock.GetTimestamp();
        var outcome = await environment.InvokeAsync(pending, timeout, Definition.MemorySizeMb * 1024L * 1024L).ConfigureAwait(false);
        var durationMs = Clock.GetElapsedTime(invokeStart).TotalMilliseconds;
        var peak = environment.PeakMemoryBytes();
        if (outcome.ErrorType == "Sandbox.Timedout")
        {
            Log.Append($"{Clock.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ} {requestId} Task timed out after {timeout.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} seconds", requestId, environment.LogStreamName);
        }
        Log.Append($"END RequestId: {requestId}", requestId, environment.LogStreamName);
        var report = $"REPORT RequestId: {requestId}\tDuration: {Ms(durationMs)} ms\tBilled Duration: {Math.Ceiling(durationMs).ToString(CultureInfo.InvariantCulture)} ms\tMemory Size: {Definition.MemorySizeMb} MB\tMax Memory Used: {peak / (1024 * 1024)} MB";
        Log.Append(cold ? $"{report}\tInit Duration: {Ms(initMs)} ms" : report, requestId, environment.LogStreamName);
        if (outcome.EnvironmentLost || environment.IsDead)
        {
            Retire(environment);
        }
        else
        {
            ReturnIdle(environment);
        }
        return (outcome, Record(requestId, started, cold, initMs, durationMs, peak, outcome.ErrorType, environment.Id, invokedArn));
    }

    private static string Ms(double ms) => ms.ToString("0.00", CultureInfo.InvariantCulture);

    private InvocationRecord Record(string requestId, DateTimeOffset started, bool cold, double initMs, double durationMs, long peak, string? errorType, string environmentId, string invokedArn)
    {
        var record = new InvocationRecord(requestId, Definition.FunctionName, Version, started, cold, initMs, durationMs, peak, errorType, environmentId, invokedArn);
        _totals.Count(cold, errorType is not null);
        lock (_records)
        {
            _records.Enqueue(record);
            while (_records.Count > MaxRecords)
            {
                _records.Dequeue();
            }
        }
        return record;
    }

    /// <summary>Creates a new, not yet started environment of this function (called by the platform).</summary>
    public ExecutionEnvironment NewEnvironment()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var n = Interlocked.Increment(ref _environmentCounter).ToString(CultureInfo.InvariantCulture);
        var id = Version == Latest ? $"{Definition.FunctionName}-{n}" : $"{Definition.FunctionName}:{Version}-{n}";
        var stream = $"{Clock.GetUtcNow():yyyy'/'MM'/'dd}/[{Version}]{Guid.NewGuid():N}";
        var environment = new ExecutionEnvironment(id, stream, Log.Append);
        lock (_idle)
        {
            _all.Add(environment);
        }
        return environment;
    }

    /// <summary>True when an environment waits idle (the next invocation would be warm).</summary>
    public bool HasIdle
    {
        get
        {
            lock (_idle)
            {
                return _idle.Count > 0;
            }
        }
    }

    /// <summary>Drops an environment that was never started (no port, no process).</summary>
    public void Forget(ExecutionEnvironment environment)
    {
        lock (_idle)
        {
            _all.Remove(environment);
        }
    }

    /// <summary>Stops one idle environment to free its slot for another function; false if none is idle.</summary>
    public bool TryEvictIdle()
    {
        ExecutionEnvironment? victim;
        lock (_idle)
        {
            if (!_idle.TryPop(out victim))
            {
                return false;
            }
        }
        Retire(victim);
        return true;
    }

    private ExecutionEnvironment? TakeIdle()
    {
        lock (_idle)
        {
            while (_idle.TryPop(out var environment))
            {
                if (!environment.IsDead)
                {
                    return environment;
                }
                RetireLocked(environment);
            }
            return null;
        }
    }

    private void ReturnIdle(ExecutionEnvironment environment)
    {
        lock (_idle)
        {
            if (!_disposed)
            {
                _idle.Push(environment);
                return;
            }
        }
        Retire(environment);
    }

    private void Retire(ExecutionEnvironment environment)
    {
        lock (_idle)
        {
            RetireLocked(environment);
        }
    }

    private void RetireLocked(ExecutionEnvironment environment)
    {
        _all.Remove(environment);
        environment.Dispose();
        _platform.Release(environment);
    }

    private Dictionary<string, string> EnvironmentVariables(ExecutionEnvironment environment)
    {
        var d = Definition;
        var region = _platform.Options.Region;
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in d.Environment)
        {
            variables[key] = value;
        }
        variables["AWS_LAMBDA_RUNTIME_API"] = $"127.0.0.1:{environment.Port.ToString(CultureInfo.InvariantCulture)}";
        variables["AWS_LAMBDA_FUNCTION_NAME"] = d.FunctionName;
        variables["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = d.MemorySizeMb.ToString(CultureInfo.InvariantCulture);
        variables["AWS_LAMBDA_FUNCTION_VERSION"] = Version;
        variables["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand";
        variables["AWS_LAMBDA_LOG_GROUP_NAME"] = d.LogGroupName;
        variables["AWS_LAMBDA_LOG_STREAM_NAME"] = environment.LogStreamName;
        variables["AWS_REGION"] = region;
        variables["AWS_DEFAULT_REGION"] = region;
        variables["AWS_EXECUTION_ENV"] = "AWS_Lambda_" + d.Runtime;
        variables["AWS_ACCESS_KEY_ID"] = "AKIDLOCALCLOUD";
        variables["AWS_SECRET_ACCESS_KEY"] = "localcloud-secret-access-key";
        variables["AWS_SESSION_TOKEN"] = "localcloud-session-token";
        variables["AWS_ENDPOINT_URL"] = _platform.Endpoint();
        variables["LAMBDA_TASK_ROOT"] = "/var/task";
        variables["LAMBDA_RUNTIME_DIR"] = "/var/runtime";
        variables["_HANDLER"] = d.Handler;
        variables["TZ"] = ":UTC";
        return variables;
    }

    /// <summary>
    /// Ends the environments once no invocation holds this version any more (it was replaced or
    /// deleted): invocations that started on it finish on it.
    /// </summary>
    public void RetireWhenIdle() => _ = Task.Run(async () =>
    {
        // Every invocation holds one concurrency slot; taking them all means none is running.
        for (var i = 0; i < Limit; i++)
        {
            await _concurrency.WaitAsync().ConfigureAwait(false);
        }
        Dispose();
    });

    public void Dispose()
    {
        List<ExecutionEnvironment> all;
        lock (_idle)
        {
            _disposed = true;
            all = _all.ToList();
            _idle.Clear();
        }
        foreach (var environment in all)
        {
            Retire(environment);
        }
    }
}
