using System.CommandLine;
using Sluice.Cli.Connection;
using Sluice.Shared.Aws;
using Sluice.Shared.Aws.CloudFormation;
using Spectre.Console;

namespace Sluice.Cli;

/// <summary>One invocation's view of the common options, the connection and the console.</summary>
internal sealed class CommandContext(CliHost host, CommonOptions options, ParseResult parse) : IDisposable
{
    private AwsClientOptions? _aws;
    private HttpClient? _http;
    private IAnsiConsole? _console;
    private IReadOnlyDictionary<string, string>? _outputs;

    public CliHost Host => host;

    public ParseResult Parse => parse;

    public bool Json => parse.GetValue(options.Json);

    public TextWriter Out => host.Out;

    /// <summary>Spectre's console on a terminal; null when output is redirected (then text stays plain).</summary>
    public IAnsiConsole? Terminal => host.IsTerminal && !Json ? _console ??= CreateConsole() : null;

    /// <summary>The terminal's size when output is a terminal and not --json (views fit it); null otherwise.</summary>
    public TerminalSize? Size => host.IsTerminal && !Json ? host.TerminalSize() : null;

    public AwsClientOptions Aws => _aws ??= ConnectionSettings.Resolve(
        parse.GetValue(options.Endpoint), parse.GetValue(options.Aws), parse.GetValue(options.Region), parse.GetValue(options.Profile), host.Environment);

    /// <summary>Where requests go, for error messages: the endpoint, and any service's own (AWS_ENDPOINT_URL_&lt;SERVICE&gt;).</summary>
    public string EndpointText => Aws.EndpointUrl is not { } url ? $"AWS ({Aws.Region})"
        : Trim(url) + (Aws.ServiceEndpointUrls.Count == 0 ? string.Empty
            : " (" + string.Join(", ", Aws.ServiceEndpointUrls.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key} at {Trim(e.Value)}")) + ")");

    /// <summary>What set the endpoint: --endpoint, AWS_ENDPOINT_URL or the default; null against AWS.</summary>
    public string? EndpointOrigin => ConnectionSettings.EndpointOrigin(parse.GetValue(options.Endpoint), parse.GetValue(options.Aws), host.Environment);

    private static string Trim(Uri url) => url.ToString().TrimEnd('/');

    public HttpClient Http => _http ??= host.HttpFactory();

    public string Stack => parse.GetValue(options.Stack) is { Length: > 0 } stack ? stack : ResourceNames.DefaultStack;

    /// <summary>
    /// The stream: --stream, else the stack's OrderStreamName output (when --stack names a stack
    /// CloudFormation knows), else the name the template gives it under the stack name.
    /// </summary>
    public async Task<string> StreamAsync(CancellationToken cancellationToken) =>
        parse.GetValue(options.Stream) is { Length: > 0 } stream ? stream
        : await OutputAsync("OrderStreamName", cancellationToken).ConfigureAwait(false) ?? ResourceNames.Stream(Stack, host.WorkingDirectory);

    /// <summary>The state machine, by the same rule (output OrderFulfilmentStateMachineArn).</summary>
    public async Task<string> StateMachineAsync(CancellationToken cancellationToken) =>
        parse.GetValue(options.StateMachine) is { Length: > 0 } machine ? machine
        : await OutputAsync("OrderFulfilmentStateMachineArn", cancellationToken).ConfigureAwait(false) ?? ResourceNames.StateMachine(Stack, host.WorkingDirectory);

    /// <summary>
    /// An output of --stack's stack (an error when it does not exist); without --stack, null, or with
    /// <paramref name="orDefaultStack"/> the default stack's when CloudFormation knows it. One
    /// DescribeStacks per invocation: --stack, when given, is the only stack either reads.
    /// </summary>
    private async Task<string?> OutputAsync(string key, CancellationToken cancellationToken, bool orDefaultStack = false)
    {
        var given = parse.GetValue(options.Stack) is { Length: > 0 };
        if (!given && !orDefaultStack)
        {
            return null;
        }

        if (_outputs is null)
        {
            try
            {
                _outputs = await StackOutputs.ReadAsync(Aws, Http, Stack, cancellationToken).ConfigureAwait(false) ?? new Dictionary<string, string>();
            }
            catch (CliException) when (!given)
            {
                // No default stack (or DescribeStacks refused): nothing it would name.
                _outputs = new Dictionary<string, string>();
            }
        }

        return _outputs.TryGetValue(key, out var value) ? value : null;
    }

    /// <summary>
    /// An output of the stack: --stack's (an error when it does not exist), else the default stack's
    /// when CloudFormation knows it; null when there is none (or CloudFormation is not served).
    /// </summary>
    public Task<string?> OptionalOutputAsync(string key, CancellationToken cancellationToken) =>
        OutputAsync(key, cancellationToken, orDefaultStack: true);

    public KinesisClient Kinesis() => new(Aws, Http);

    public Shared.Aws.S3.S3Client S3() => new(Aws, Http);

    public StepFunctionsClient StepFunctions() => new(Aws, Http);

    public CloudFormationClient CloudFormation() => new(Aws, Http);

    public Shared.Aws.Logs.LogsClient Logs() => new(Aws, Http);

    public Shared.Aws.Lambda.LambdaClient Lambda() => new(Aws, Http);

    public Shared.Aws.CloudWatch.CloudWatchClient CloudWatch() => new(Aws, Http);

    /// <summary>The workflow's outcome key: the stack's OutcomeKeyArn output, else the alias the template gives it.</summary>
    public async Task<string> OutcomeKeyAsync(CancellationToken cancellationToken) =>
        await OutputAsync("OutcomeKeyArn", cancellationToken).ConfigureAwait(false) ?? ResourceNames.OutcomeKey(Stack, host.WorkingDirectory);

    /// <summary>Checks that outcome events are the workflow's with <paramref name="key"/> (<see cref="OutcomeKeyAsync"/>), through kms:VerifyMac.</summary>
    public Shared.Domain.OutcomeVerifier OutcomeVerifier(string key) =>
        Shared.Domain.OutcomeVerifier.ForKey(new Shared.Aws.Kms.KmsClient(Aws, Http), key);

    /// <summary>A progress or status line: to standard error, so standard output stays the result.</summary>
    public void Status(string line) => host.Error.WriteLine(line);

    public void Dispose() => _http?.Dispose();

    private IAnsiConsole CreateConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(host.Out) });
        if (Size is { } size)
        {
            console.Profile.Width = size.Width;
            console.Profile.Height = size.Height;
        }

        return console;
    }
}
