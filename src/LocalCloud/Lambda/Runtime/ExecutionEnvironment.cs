using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;

namespace Sluice.LocalCloud.Lambda.Runtime;

/// <summary>
/// One execution environment: a <c>bootstrap</c> child process with its own Runtime API port. It
/// serves one invocation at a time; a timeout or a crash ends it, as it ends a Lambda sandbox.
/// </summary>
internal sealed class ExecutionEnvironment : IDisposable
{
    private readonly Channel<PendingInvocation> _next = Channel.CreateBounded<PendingInvocation>(1);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<InvocationOutcome> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<string, string?, string?> _log;
    private Process? _process;
    private EnvironmentOutput? _output;
    private PendingInvocation? _current;
    private long _peak;
    private string? _scratch;

    public ExecutionEnvironment(string id, string logStreamName, Action<string, string?, string?> log)
    {
        Id = id;
        LogStreamName = logStreamName;
        _log = log;
    }

    public string Id { get; }

    /// <summary>The CloudWatch Logs stream this environment writes to, <c>yyyy/MM/dd/[$LATEST]&lt;id&gt;</c> as Lambda names it.</summary>
    public string LogStreamName { get; }

    public int Port { get; set; }

    public int? ProcessId => _process?.Id;

    /// <summary>The request id of the invocation being served, for attributing log lines.</summary>
    public string? CurrentRequestId => _current?.RequestId;

    public bool IsDead { get; private set; }

    /// <summary>Starts the process and waits for its first <c>/invocation/next</c> (init done) or its failure.</summary>
    public async Task<InvocationOutcome?> InitAsync(string bootstrap, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, string requestId)
    {
        var start = new ProcessStartInfo(bootstrap)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(bootstrap)!,
        };
        // Lambda hands a function only its own environment, never the host's: of the host's variables
        // only PATH and LANG pass; HOME and TMPDIR are directories of this environment's own (so the
        // host user's ~/.aws and other dotfiles are not where a function looks), removed with it.
        var keep = new[] { "PATH", "LANG" };
        foreach (var key in start.Environment.Keys.ToList())
        {
            if (!keep.Contains(key, StringComparer.Ordinal))
            {
                start.Environment.Remove(key);
            }
        }
        _scratch = Directory.CreateTempSubdirectory("sluice-lambda-env-").FullName;
        start.Environment["HOME"] = Directory.CreateDirectory(Path.Combine(_scratch, "home")).FullName;
        start.Environment["TMPDIR"] = Directory.CreateDirectory(Path.Combine(_scratch, "tmp")).FullName;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.Exited += (_, _) => OnExited();
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            IsDead = true;
            return InvocationOutcome.Error("Runtime.InvalidEntrypoint", $"RequestId: {requestId} Error: could not start {bootstrap}: {e.Message}", environmentLost: true);
        }
        _process = process;
        _output = new EnvironmentOutput([process.StandardOutput.BaseStream, process.StandardError.BaseStream], Output);

        var exited = process.WaitForExitAsync();
        var finished = await Task.WhenAny(_ready.Task, _initError.Task, exited, Task.Delay(timeout)).ConfigureAwait(false);
        if (finished == _ready.Task)
        {
            return null;
        }
        if (finished == _initError.Task)
        {
            Kill();
            return await _initError.Task.ConfigureAwait(false);
        }
        if (finished == exited)
        {
            IsDead = true;
            return _initError.Task.IsCompleted
                ? await _initError.Task.ConfigureAwait(false)
                : InvocationOutcome.Error("Runtime.ExitError", $"RequestId: {requestId} Error: Runtime exited with error: {ExitDescription(process.ExitCode)}", environmentLost: true);
        }
        Kill();
        return InvocationOutcome.Error("Sandbox.Timedout", $"RequestId: {requestId} Error: Init phase timed out after {timeout.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} seconds", environmentLost: true);
    }

    /// <summary>
    /// Runs one invocation; on timeout kills the environment and reports Sandbox.Timedout, and past the
    /// memory size kills it and reports Runtime.OutOfMemory, as Lambda does.
    /// </summary>
    public async Task<InvocationOutcome> InvokeAsync(PendingInvocation invocation, TimeSpan timeout, long memoryLimitBytes)
    {
        if (IsDead)
        {
            return InvocationOutcome.Error("Runtime.ExitError", $"RequestId: {invocation.RequestId} Error: Runtime exited", environmentLost: true);
        }
        _current = invocation;
        await _next.Writer.WriteAsync(invocation).ConfigureAwait(false);
        using var watch = new CancellationTokenSource();
        var watchdog = WatchMemoryAsync(invocation, memoryLimitBytes, watch.Token);
        var finished = await Task.WhenAny(invocation.Outcome.Task, Task.Delay(timeout)).ConfigureAwait(false);
        await watch.CancelAsync().ConfigureAwait(false);
        await watchdog.ConfigureAwait(false);
        if (finished != invocation.Outcome.Task)
        {
            invocation.Outcome.TrySetResult(InvocationOutcome.Error("Sandbox.Timedout",
                $"RequestId: {invocation.RequestId} Error: Task timed out after {timeout.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} seconds", environmentLost: true));
            Kill();
        }
        var outcome = await invocation.Outcome.Task.ConfigureAwait(false);
        _current = null;
        return outcome;
    }

    private async Task WatchMemoryAsync(PendingInvocation invocation, long limit, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested && !invocation.Outcome.Task.IsCompleted)
            {
                if (ResidentBytes() > limit)
                {
                    invocation.Outcome.TrySetResult(InvocationOutcome.Error("Runtime.OutOfMemory",
                        $"RequestId: {invocation.RequestId} Error: Runtime exited with error: signal: killed", environmentLost: true));
                    Kill();
                    return;
                }
                await Task.Delay(10, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The runtime's <c>/invocation/next</c>: the first call marks init done.</summary>
    public ValueTask<PendingInvocation> NextAsync(CancellationToken cancellationToken)
    {
        _ready.TrySetResult();
        return _next.Reader.ReadAsync(cancellationToken);
    }

    /// <summary>The runtime's response. The lines it wrote before posting it are read first, so they are the invocation's.</summary>
    public bool Respond(string requestId, byte[] body) =>
        _current is { } current && current.RequestId == requestId
        && DrainOutput() && current.Outcome.TrySetResult(InvocationOutcome.Success(body));

    public bool Fail(string requestId, byte[] body, string errorType) =>
        _current is { } current && current.RequestId == requestId
        && DrainOutput() && current.Outcome.TrySetResult(new InvocationOutcome(body, ErrorTypeOf(body, errorType)));

    /// <summary>
    /// Waits until what the process wrote so far has been read (at most a second, for a process that never
    /// stops writing); always true, to chain in the conditions above.
    /// </summary>
    private bool DrainOutput()
    {
        _output?.Drain(TimeSpan.FromSeconds(1));
        return true;
    }

    public void InitFailed(byte[] body, string errorType)
    {
        DrainOutput();
        _initError.TrySetResult(new InvocationOutcome(body, ErrorTypeOf(body, errorType), EnvironmentLost: true));
    }

    /// <summary>Peak resident memory of the process so far (VmHWM), in bytes; the last seen once it is gone.</summary>
    public long PeakMemoryBytes()
    {
        _peak = Math.Max(_peak, Status("VmHWM:"));
        return _peak;
    }

    private long ResidentBytes()
    {
        var resident = Status("VmRSS:");
        _peak = Math.Max(_peak, resident);
        return resident;
    }

    /// <summary>A memory figure from /proc/&lt;pid&gt;/status, in bytes; 0 when the process is gone.</summary>
    private long Status(string field)
    {
        try
        {
            if (_process is null || IsDead)
            {
                return 0;
            }
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(field.Length).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (InvalidOperationException)
        {
        }
        return 0;
    }

    public void Kill()
    {
        IsDead = true;
        _next.Writer.TryComplete();
        // An invocation still running ends now (a timeout has already set its own outcome).
        if (_current is { } current)
        {
            current.Outcome.TrySetResult(InvocationOutcome.Error("Runtime.ExitError",
                $"RequestId: {current.RequestId} Error: Runtime exited with error: signal: killed", environmentLost: true));
        }
        try
        {
            if (_process is { HasExited: false } p)
            {
                p.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    public void Dispose()
    {
        Kill();
        try
        {
            _process?.WaitForExit(2000);
        }
        catch (InvalidOperationException)
        {
        }
        _output?.Stop();
        _process?.Dispose();
        RemoveScratch();
    }

    /// <summary>Removes the environment's HOME and TMPDIR once its process is gone.</summary>
    private void RemoveScratch()
    {
        if (Interlocked.Exchange(ref _scratch, null) is not { } scratch)
        {
            return;
        }
        try
        {
            Directory.Delete(scratch, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the system's temporary-file cleaning; the environment is gone either way.
        }
    }

    private void Output(string line) => _log(line, _current?.RequestId, LogStreamName);

    private void OnExited()
    {
        var wasDead = IsDead;
        IsDead = true;
        _next.Writer.TryComplete();
        RemoveScratch();
        if (_current is { } current && !wasDead)
        {
            // What the process wrote before it exited is the invocation's; the pipes end with it
            // (later, if a process it started still holds them).
            _output?.Closed.Wait(TimeSpan.FromSeconds(1));
            current.Outcome.TrySetResult(InvocationOutcome.Error("Runtime.ExitError",
                $"RequestId: {current.RequestId} Error: Runtime exited with error: {ExitDescription(SafeExitCode())}", environmentLost: true));
        }
    }

    private int SafeExitCode()
    {
        try
        {
            return _process?.ExitCode ?? -1;
        }
        catch (InvalidOperationException)
        {
            return -1;
        }
    }

    /// <summary>As Lambda words it: "exit status 3", or "signal: killed" for a process ended by a signal.</summary>
    private static string ExitDescription(int code) => code switch
    {
        > 128 and < 160 => "signal: " + ((code - 128) switch
        {
            6 => "aborted",
            9 => "killed",
            11 => "segmentation fault",
            15 => "terminated",
            var s => s.ToString(CultureInfo.InvariantCulture),
        }),
        _ => "exit status " + code.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The header names the error type; a runtime that omits it still has one in the body.</summary>
    private static string ErrorTypeOf(byte[] body, string header)
    {
        if (header.Length > 0)
        {
            return header;
        }
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && doc.RootElement.TryGetProperty("errorType", out var t) && t.GetString() is { Length: > 0 } type)
            {
                return type;
            }
        }
        catch (System.Text.Json.JsonException)
        {
        }
        return "Unhandled";
    }
}
