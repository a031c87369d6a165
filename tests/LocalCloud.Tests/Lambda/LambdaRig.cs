using System.Text;
using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Kinesis;
using Sluice.LocalCloud.Lambda;
using Sluice.LocalCloud.Lambda.Runtime;
using Sluice.LocalCloud.Sqs;

namespace Sluice.LocalCloud.Tests.Lambda;

/// <summary>
/// A local cloud host whose Lambda runs the Flaky test function (tests/TestFunctions/Flaky) as its
/// real AOT bootstrap; the publish is cached under artifacts/localcloud, so only the first run pays it.
/// </summary>
public sealed class LambdaRig : IAsyncLifetime
{
    public const string FlakyProject = "tests/TestFunctions/Flaky";
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    internal LocalCloudHost Host { get; private set; } = null!;

    internal LambdaService Lambda => Host.Lambda;

    internal KinesisService Kinesis => Host.Kinesis;

    internal SqsService Sqs => Host.Sqs;

    /// <summary>The host's clock; a FakeTimeProvider in rigs that age records.</summary>
    internal TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Execution environments of all functions together (the Runtime API ports).</summary>
    internal int AccountConcurrency { get; init; } = 16;

    /// <summary>Environments starting at once; the default leaves the service's own.</summary>
    internal int? ConcurrentInits { get; init; }

    /// <summary>How long a CodeDeploy minute lasts in this host (canaries and alarm periods).</summary>
    internal TimeSpan DeploymentMinute { get; init; } = TimeSpan.FromSeconds(1);

    public string Endpoint => Host.Endpoint;

    public async ValueTask InitializeAsync()
    {
        var lambda = new LambdaOptions
        {
            RepositoryRoot = RepositoryRoot.Directory,
            AccountConcurrency = AccountConcurrency,
            PollInterval = TimeSpan.FromMilliseconds(10),
            BatchRetryDelay = TimeSpan.FromMilliseconds(10),
            AsyncRetryDelays = [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(50)],
        };
        Host = LocalCloudHost.Create(
            new LocalCloudOptions { Port = 0, KinesisThrottling = false, Clock = Clock, DeploymentMinute = DeploymentMinute },
            ConcurrentInits is { } inits ? lambda with { ConcurrentInits = inits } : lambda);
        await Host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();

    /// <summary>Creates a Flaky function with a fresh name and waits until its bootstrap is published.</summary>
    internal async Task<LambdaFunction> CreateFlakyAsync(int timeoutSeconds = 5, int? reserved = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var name = "flaky-" + Guid.NewGuid().ToString("N")[..8];
        Lambda.CreateFunction(new FunctionDefinition(
            "Flaky", name, $"arn:aws:lambda:us-east-1:000000000000:function:{name}", FlakyProject, "provided.al2023", "bootstrap", "x86_64",
            256, timeoutSeconds, reserved, environment ?? new Dictionary<string, string>(), "arn:aws:iam::000000000000:role/flaky-role", "/aws/lambda/" + name));
        var function = Lambda.Function(name);
        // The first publish of a test run compiles the function natively: minutes on a busy machine.
        await function.Bootstrap.WaitAsync(TimeSpan.FromMinutes(15));
        return function;
    }

    /// <summary>A synchronous invoke whose payload is the JSON string <paramref name="command"/> (the Flaky function's commands).</summary>
    internal Task<(InvocationOutcome Outcome, InvocationRecord Record)> InvokeAsync(LambdaFunction function, string command) =>
        Lambda.InvokeAsync(function.Definition.FunctionName, Json($"\"{command}\""), false, default).WaitAsync(Wait);

    internal static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    internal static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    /// <summary>The function's "FLAKY ..." lines (what each batch held, in arrival order), without the prefix.</summary>
    internal static List<string> FlakyLines(LambdaFunction function) =>
        function.Log.Read().Select(l => l.Text).Where(t => t.StartsWith("FLAKY ", StringComparison.Ordinal)).Select(t => t[6..]).ToList();
}
