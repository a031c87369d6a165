using System.Text.Json;
using Sluice.Cli.Tests.Support;

namespace Sluice.Cli.Tests.ConsoleServer;

/// <summary>
/// <c>sluice console --endpoint &lt;endpoint&gt; --port 0 --json</c> running in process with a test
/// key, every request it sends to the endpoint recorded; stopped as Ctrl-C stops it.
/// </summary>
internal sealed class RunningConsole : IAsyncDisposable
{
    public const string AccessKey = "AKIDCONSOLETEST";
    public const string SecretKey = "console-secret";

    private readonly RecordingHandler _outgoing;
    private readonly LineWriter _output;
    private readonly CancellationTokenSource _stop;
    private readonly Task<CliResult> _run;

    private RunningConsole(Uri url, RecordingHandler outgoing, LineWriter output, CancellationTokenSource stop, Task<CliResult> run)
    {
        Url = url;
        _outgoing = outgoing;
        _output = output;
        _stop = stop;
        _run = run;
    }

    /// <summary>The console's page, <c>http://127.0.0.1:&lt;port&gt;/console/</c>.</summary>
    public Uri Url { get; }

    /// <summary>Every request the console sent to the endpoint: its URI, Authorization and X-Amz-Target (empty when none).</summary>
    public IReadOnlyList<(Uri Uri, string Authorization, string Target)> Requests => _outgoing.Requests;

    public static async Task<RunningConsole> StartAsync(string endpoint)
    {
        var outgoing = new RecordingHandler();
        var output = new LineWriter();
        var stop = new CancellationTokenSource();
        var run = CliRunner.RunAsync(
            ["console", "--endpoint", endpoint, "--port", "0", "--json"],
            host => new CliHost
            {
                Out = output,
                Error = host.Error,
                IsTerminal = false,
                Environment = host.Environment,
                WorkingDirectory = host.WorkingDirectory,
                HttpFactory = () => new HttpClient(outgoing, disposeHandler: false),
            },
            new Dictionary<string, string?> { ["HOME"] = CliRunner.EmptyHome, ["AWS_ACCESS_KEY_ID"] = AccessKey, ["AWS_SECRET_ACCESS_KEY"] = SecretKey, ["AWS_REGION"] = "us-east-1" },
            stop.Token,
            TimeSpan.FromMinutes(5));
        await Poll.UntilAsync(() => Task.FromResult(output.Text.Contains("\"url\"", StringComparison.Ordinal) || run.IsCompleted), () => "the console did not say where it listens", TimeSpan.FromSeconds(30));
        Assert.False(run.IsCompleted, output.Text);
        var url = new Uri(JsonDocument.Parse(output.Text.Trim()).RootElement.GetProperty("url").GetString()!);
        return new RunningConsole(url, outgoing, output, stop, run);
    }

    /// <summary>Stops the command as Ctrl-C does: its exit code and everything it wrote.</summary>
    public async Task<(int ExitCode, string Text)> StopAsync()
    {
        await _stop.CancelAsync();
        var result = await _run;
        return (result.ExitCode, _output.Text + result.Out + result.Error);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_run.IsCompleted)
        {
            await _stop.CancelAsync();
            try
            {
                await _run;
            }
            catch (OperationCanceledException)
            {
                // Stopped with the test.
            }
        }

        _stop.Dispose();
        _outgoing.Dispose();
        _output.Dispose();
    }

    private sealed class RecordingHandler() : DelegatingHandler(new HttpClientHandler())
    {
        private readonly List<(Uri Uri, string Authorization, string Target)> _requests = [];

        public IReadOnlyList<(Uri Uri, string Authorization, string Target)> Requests
        {
            get
            {
                lock (_requests)
                {
                    return [.. _requests];
                }
            }
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (_requests)
            {
                _requests.Add((request.RequestUri!, request.Headers.TryGetValues("Authorization", out var authorization) ? authorization.Single() : "", request.Headers.TryGetValues("X-Amz-Target", out var target) ? target.Single() : ""));
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>Output read while the command still runs.</summary>
    private sealed class LineWriter : StringWriter
    {
        public string Text
        {
            get
            {
                lock (this)
                {
                    return ToString();
                }
            }
        }

        public override void Write(char value)
        {
            lock (this)
            {
                base.Write(value);
            }
        }

        public override void Write(string? value)
        {
            lock (this)
            {
                base.Write(value);
            }
        }

        public override Task WriteLineAsync(string? value)
        {
            lock (this)
            {
                base.WriteLine(value);
            }

            return Task.CompletedTask;
        }
    }
}
