using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Sluice.LocalCloud.CloudFormation;
using Sluice.LocalCloud.CloudFormation.Template;
using Sluice.LocalCloud.Kinesis;
using Sluice.LocalCloud.Lambda;
using Sluice.LocalCloud.Lambda.Api;
using Sluice.LocalCloud.Logs;
using Sluice.LocalCloud.Persistence;
using Sluice.LocalCloud.Protocol;
using Sluice.LocalCloud.S3;
using Sluice.LocalCloud.Sns;
using Sluice.LocalCloud.Sqs;
using Sluice.LocalCloud.StepFunctions;

namespace Sluice.LocalCloud.Hosting;

/// <summary>
/// The local cloud: one Kestrel listener on loopback, the services as plain objects behind it. The
/// services are exposed so that in-process callers (event source mappings, tests) use them directly.
/// </summary>
public sealed class LocalCloudHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private readonly RegionalServices _regions;

    /// <summary>The data directory's store; null when the host is ephemeral.</summary>
    private readonly DurableStore? _store;

    private LocalCloudHost(WebApplication app, LocalCloudOptions options, RegionalServices regions, StepFunctionsRegions stepFunctions, LambdaService lambda, S3Service s3,
        CloudFormationService cloudFormation, DurableStore? store)
    {
        _store = store;
        S3 = s3;
        _app = app;
        Options = options;
        _regions = regions;
        StepFunctionsRegions = stepFunctions;
        Lambda = lambda;
        CloudFormation = cloudFormation;
    }

    /// <summary>S3 (one namespace for the account; each bucket has its region).</summary>
    internal S3Service S3 { get; }

    /// <summary>CloudFormation of the host's region: every stack, whether deployed at start-up or by a client.</summary>
    internal CloudFormationService CloudFormation { get; }

    /// <summary>Lambda of the host's region: functions, Invoke, event source mappings.</summary>
    internal LambdaService Lambda { get; }

    /// <summary>The settings the host was created with.</summary>
    public LocalCloudOptions Options { get; }

    /// <summary>SQS of the host's region (the one in <see cref="LocalCloudOptions.Region"/>).</summary>
    internal SqsService Sqs => _regions.For(Options.Region).Sqs;

    internal SnsService Sns => _regions.For(Options.Region).Sns;

    internal KinesisService Kinesis => _regions.For(Options.Region).Kinesis;

    internal Firehose.FirehoseService Firehose => _regions.For(Options.Region).Firehose!;

    /// <summary>Step Functions of the host's region; its integrations reach this host's SNS, SQS and Kinesis.</summary>
    internal Sluice.Asl.Api.StepFunctionsService StepFunctions => StepFunctionsRegions.For(Options.Region);

    internal StepFunctionsRegions StepFunctionsRegions { get; }

    /// <summary>The services of another region, as requests signed for it see them.</summary>
    internal RegionalServices.Services Region(string region) => _regions.For(region);

    /// <summary>The bound port; known once started (the option may be 0).</summary>
    public int Port { get; private set; }

    /// <summary>The URL to give AWS clients (--endpoint-url, AWS_ENDPOINT_URL); known once started.</summary>
    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <param name="lambdaInvoker">How Step Functions calls functions; by default this host's own Lambda service.</param>
    public static LocalCloudHost Create(LocalCloudOptions options, Sluice.Asl.Resources.ILambdaInvoker? lambdaInvoker = null) =>
        Create(options, lambdaOptions: null, lambdaInvoker);

    /// <param name="lambdaOptions">Lambda's settings; by default the repository above the current directory and its artifacts/localcloud cache.</param>
    /// <param name="lambdaInvoker">How Step Functions calls functions; by default this host's own Lambda service.</param>
    internal static LocalCloudHost Create(LocalCloudOptions options, LambdaOptions? lambdaOptions, Sluice.Asl.Resources.ILambdaInvoker? lambdaInvoker = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.Limits.MaxRequestBodySize = 32 * 1024 * 1024;
            kestrel.AddServerHeader = false;
        });
        var app = builder.Build();

        var store = options.DataDirectory is { } dataDirectory ? DurableStore.Open(dataDirectory, options.DataSync) : null;
        // On a data directory, S3's bodies are files under its s3/ folder, beside the store that names them.
        var blobs = options.S3BlobDirectory ?? (options.DataDirectory is { } data ? Path.Combine(data, "s3") : null);
        var s3 = new S3Service(new S3ServiceOptions { BlobDirectory = blobs, AccountId = options.AccountId, DefaultRegion = options.Region, Clock = options.Clock }, store);
        var regions = new RegionalServices(options, store, s3);
        var lambda = new LambdaService(
            (lambdaOptions ?? WithPollInterval(new LambdaOptions { RepositoryRoot = options.RepositoryRoot ?? LambdaOptions.FindRepositoryRoot(Directory.GetCurrentDirectory()) }, options))
                with
            { Region = options.Region, AccountId = options.AccountId, Clock = options.Clock },
            regions.For,
            () => regions.Endpoint)
        {
            Store = store,
        };
        var stepFunctions = new StepFunctionsRegions(options, regions.For, lambdaInvoker ?? lambda.Invoker, new S3ObjectStore(s3), store);
        var home = regions.For(options.Region);
        var cloudFormation = new CloudFormationService(
            new StackTargets(home.Sqs, home.Sns, home.Kinesis, stepFunctions.For(options.Region), lambda)
            {
                S3 = s3,
                Firehose = home.Firehose,
                Kms = home.Kms,
                Deployments = new CodeDeploy.DeploymentSettings { Minute = options.DeploymentMinute, Clock = options.Clock },
                CodeDirectory = options.DataDirectory is { } codeData ? Path.Combine(codeData, "lambda", "code") : Path.Combine(Path.GetTempPath(), "sluice-localcloud-code"),
            },
            new StackSettings { Region = options.Region, Partition = options.Partition, AccountId = options.AccountId },
            Directory.GetCurrentDirectory(),
            options.Clock)
        {
            TemplateUrlReader = (url, cancellationToken) => TemplateUrls.ReadAsync(s3, url, cancellationToken),
            Store = store,
        };
        // On a data directory: functions, versions, aliases and mappings (each Kinesis mapping at its checkpoint), then the stacks.
        foreach (var problem in lambda.Load())
        {
            app.Logger.LogWarning("{Problem}", problem);
        }
        cloudFormation.Load();
        IAwsServiceHandler[] handlers =
        [
            new CloudFormationHandler(cloudFormation),
            new SqsHandler(region => regions.For(region).Sqs),
            new SnsHandler(region => regions.For(region).Sns),
            new KinesisHandler(region => regions.For(region).Kinesis),
            new StepFunctionsHandler(stepFunctions),
            new LogsHandler(region => regions.For(region).Logs!),
            new Firehose.FirehoseHandler(region => regions.For(region).Firehose!),
            new Kms.KmsHandler(region => regions.For(region).Kms!),
            new CloudWatch.CloudWatchHandler(cloudFormation, lambda, cloudFormation.Targets.Deployments),
        ];
        var router = new RequestRouter(handlers, options, app.Logger);
        var lambdaApi = new LambdaRestApi(lambda);
        var s3Api = new S3RestApi(s3, app.Logger);
        // First: no service sees a request with a foreign Host or a browser origin that is not allowed.
        var frontDoor = new FrontDoor(options);
        app.Use(next => context => frontDoor.InvokeAsync(context, next));
        // Unsigned GETs of / and /console/...: the host's health page and the web console (before S3, which takes unsigned REST calls).
        var console = new WebConsole.ConsoleSite(options, () => new WebConsole.ExecutionIndex(stepFunctions.For(options.Region)),
            [.. handlers.Select(h => h.SigningName).Concat(["lambda", "s3"]).Distinct().Order(StringComparer.Ordinal)], lambda, () => regions.For(options.Region));
        app.Use(next => context => WebConsole.ConsoleSite.Handles(context.Request) ? console.HandleAsync(context) : next(context));
        app.Use(next => context => LambdaRestApi.Handles(context.Request) ? lambdaApi.HandleAsync(context) : next(context));
        // Before the router: S3 streams its bodies, which the router would read whole.
        app.Use(next => context => S3Addressing.IsS3(context.Request) ? s3Api.HandleAsync(context) : next(context));
        app.Run(router.HandleAsync);
        return new LocalCloudHost(app, options, regions, stepFunctions, lambda, s3, cloudFormation, store);
    }

    /// <summary>
    /// Deploys a template as a stack through this host's CloudFormation (the same CreateStack a client
    /// calls) and waits for it: the resources and outputs, or a typed error.
    /// </summary>
    public async Task<StackDeployment> DeployStackAsync(StackDeploymentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var arguments = new StackArguments(request.TemplatePath, new StackSettings { StackName = request.StackName, Parameters = request.Parameters }, WithoutLambda: false);
        var (stack, error, code) = await StackStartup.DeployAsync(CloudFormation, arguments, Lambda, cancellationToken).ConfigureAwait(false);
        if (stack is null)
        {
            return new StackDeployment(request.StackName, new StackDeploymentError(code ?? "ValidationError", error ?? "the stack was not created"));
        }
        var resources = stack.Resources.Select(r => new StackResourceView(r.LogicalId, r.Type, r.PhysicalId, r.Status == ResourceStatus.Created, r.Attributes, r.Note)).ToList();
        return new StackDeployment(request.StackName, resources, stack.Outputs, stack.Write);
    }

    private static LambdaOptions WithPollInterval(LambdaOptions lambda, LocalCloudOptions options) =>
        options.EventSourcePollInterval is { } interval ? lambda with { PollInterval = interval } : lambda;

    /// <summary>The functions of the host's Lambda, each with its build and invocation counts at this moment.</summary>
    public IReadOnlyList<LocalFunctionStatus> Functions() => Lambda.Functions()
        .Select(f =>
        {
            var records = f.Records();
            return new LocalFunctionStatus(f.Definition.FunctionName, f.Definition.ProjectDirectory, f.Bootstrap, records.Count, records.Count(r => r.ColdStart));
        })
        .ToList();

    /// <summary>The Sluice clone at or above <paramref name="start"/> (where functions' projects and the build cache are), or <paramref name="start"/> itself.</summary>
    public static string FindRepositoryRoot(string start) => LambdaOptions.FindRepositoryRoot(start);

    /// <summary>Binds the port (then <see cref="Port"/> and <see cref="Endpoint"/> are known) and starts Lambda's event source mappings.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        // Before the first request: the stacks' delivery streams and state machines a data directory from an older host lacks.
        foreach (var problem in await CloudFormation.RestoreAsync(cancellationToken).ConfigureAwait(false))
        {
            _app.Logger.LogWarning("{Problem}", problem);
        }
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        var addresses = _app.Services.GetService(typeof(IServer)) is IServer server
            ? server.Features.Get<IServerAddressesFeature>()?.Addresses
            : null;
        var address = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("Kestrel reported no listening address");
        Port = new Uri(address).Port;
        _regions.Endpoint = Endpoint;
        // Lifecycle rules expire objects by the host's clock; a pass a second finds what a moved clock made due.
        S3.StartLifecycle(TimeSpan.FromSeconds(1), _app.Logger);
        await Lambda.StartAsync().ConfigureAwait(false);
        // Last: executions running at the stop call functions and queues, which now answer.
        foreach (var line in StepFunctionsRegions.Resume())
        {
            _app.Logger.LogWarning("{Line}", line);
        }
    }

    /// <summary>Completes when the host stops: <see cref="StopAsync"/>, SIGTERM or Ctrl-C.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops the listener; <see cref="DisposeAsync"/> also ends the function processes.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <summary>Ends every function process, then the listener and the services (and S3's temporary blob directory).</summary>
    public async ValueTask DisposeAsync()
    {
        // First, Step Functions' journals: what they hold is written, and the failures of running
        // executions whose functions end below are not kept (they resume at the next start).
        StepFunctionsRegions.Dispose();
        // Then, so no function process outlives the host.
        await Lambda.DisposeAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _regions.Dispose();
        S3.Dispose();
        _store?.Dispose();
    }
}
