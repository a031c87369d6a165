using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Lambda.EventSources;
using Sluice.LocalCloud.Lambda.Runtime;

namespace Sluice.LocalCloud.Lambda;

/// <summary>
/// AWS Lambda for the local cloud: the functions (each run as its published AOT bootstrap in child
/// processes), synchronous and asynchronous invocation, and the event source mappings that feed
/// them from the local Kinesis and SQS. Create it with the host's services, create functions and
/// mappings, then <see cref="StartAsync"/>; <see cref="DisposeAsync"/> ends every child process.
/// </summary>
internal sealed partial class LambdaService : ILambdaControlPlane, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, LambdaFunction> _functions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EventSourceMapping> _mappings = new(StringComparer.Ordinal);
    private readonly RuntimeApiServer _runtimeApi;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Func<string, RegionalServices.Services> _regions;
    private bool _started;

    internal bool Started => _started;

    public LambdaService(LambdaOptions options, Func<string, RegionalServices.Services> regions, Func<string> endpoint)
    {
        Options = options;
        _regions = regions;
        _runtimeApi = RuntimeApiServer.Create(options.AccountConcurrency);
        Platform = new LambdaPlatform(options, new FunctionArtifacts(options), _runtimeApi, endpoint, () => _functions.Values)
        {
            Logs = regions(options.Region).Logs,
        };
    }

    public LambdaOptions Options { get; }

    internal LambdaPlatform Platform { get; }

    internal CancellationToken Stopping => _stopping.Token;

    public async Task StartAsync()
    {
        await _runtimeApi.StartAsync().ConfigureAwait(false);
        _started = true;
        StartAsyncDispatcher();
        foreach (var mapping in _mappings.Values)
        {
            mapping.Start();
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9-_]{1,64}$")]
    private static partial Regex FunctionNamePattern();

    public void CreateFunction(FunctionDefinition function)
    {
        ArgumentNullException.ThrowIfNull(function);
        Validate(function);
        var created = new LambdaFunction(function, Platform, Options.Clock.GetUtcNow());
        if (!_functions.TryAdd(function.FunctionName, created))
        {
            created.Dispose();
            throw LambdaErrors.Conflict($"Function already exist: {function.FunctionName}");
        }
        Save(function.FunctionName);
    }

    private void Validate(FunctionDefinition function)
    {
        if (!FunctionNamePattern().IsMatch(function.FunctionName))
        {
            throw LambdaErrors.InvalidParameter($"1 validation error detected: Value '{function.FunctionName}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{{2}}(-gov)?-[a-z]+-\\d{{1}}:)?(\\d{{12}}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?");
        }
        if (function.TimeoutSeconds is < 1 or > 900)
        {
            throw LambdaErrors.InvalidParameter($"Timeout must be between 1 and 900 seconds, not {function.TimeoutSeconds}.");
        }
        if (function.MemorySizeMb is < 128 or > 10240)
        {
            throw LambdaErrors.InvalidParameter($"'MemorySize' value failed to satisfy constraint: Member must have value between 128 and 10240, not {function.MemorySizeMb}.");
        }
        if (function.ReservedConcurrentExecutions is < 0)
        {
            throw LambdaErrors.InvalidParameter("ReservedConcurrentExecutions must be 0 or more.");
        }
        if (!Directory.Exists(Path.GetFullPath(function.ProjectDirectory, Options.RepositoryRoot)))
        {
            throw LambdaErrors.InvalidParameter($"The code of {function.FunctionName} is not a folder: {function.ProjectDirectory}");
        }
    }

    public void UpdateFunction(FunctionDefinition function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var current = Function(function.FunctionName);
        Validate(function);
        var updated = new LambdaFunction(function, Platform, current.Created, current);
        if (!_functions.TryUpdate(function.FunctionName, updated, current))
        {
            updated.Dispose();
            throw LambdaErrors.Conflict($"The function {function.FunctionName} was changed by another operation; try again.");
        }
        Save(function.FunctionName);
        // Invocations already running keep the old environments until they end; new ones start on the new code.
        current.RetireWhenIdle();
    }

    /// <summary>
    /// UpdateFunctionConfiguration: <paramref name="change"/> applied to <c>$LATEST</c>'s settings; new
    /// invocations get them, running ones finish on what they started with. <paramref name="revisionId"/>,
    /// when given, must be <c>$LATEST</c>'s.
    /// </summary>
    public LambdaFunction UpdateFunctionConfiguration(string nameOrArn, string? revisionId, Func<FunctionDefinition, FunctionDefinition> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var (name, qualifier) = SplitQualifier(nameOrArn);
        if (qualifier is not null)
        {
            throw LambdaErrors.InvalidParameter($"Function name {nameOrArn} must not be qualified: a configuration is changed on $LATEST.");
        }
        var current = Function(name);
        if (revisionId is not null && revisionId != RevisionId(current))
        {
            throw LambdaErrors.PreconditionFailed("The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
        }
        UpdateFunction(change(current.Definition));
        return Function(current.Definition.FunctionName);
    }

    public FunctionDefinition? CurrentFunction(string functionName) =>
        _functions.TryGetValue(functionName, out var function) ? function.Definition : null;

    public EventSourceMappingDefinition? CurrentMapping(string uuid) =>
        _mappings.TryGetValue(uuid, out var mapping) ? mapping.Definition : null;

    public void DeleteFunction(string functionName)
    {
        if (_functions.TryRemove(functionName, out var function))
        {
            function.RetireWhenIdle();
        }
        if (_versions.TryRemove(functionName, out var versions))
        {
            lock (versions)
            {
                versions.Published.ForEach(v => v.RetireWhenIdle());
            }
        }
        Save(functionName);
    }

    public void UpdateEventSourceMapping(EventSourceMappingDefinition mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        Mapping(mapping.Uuid).Update(mapping);
        SaveMapping(mapping.Uuid);
    }

    public async Task DeleteEventSourceMappingAsync(string uuid)
    {
        if (_mappings.TryRemove(uuid, out var mapping))
        {
            SaveMapping(uuid);
            await mapping.StopAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The function by plain name, or null.</summary>
    internal LambdaFunction? TryFunction(string name) => _functions.TryGetValue(name, out var f) ? f : null;

    public void CreateEventSourceMapping(EventSourceMappingDefinition mapping) => CreateEventSourceMapping(mapping, null);

    /// <summary>A mapping that, for a Kinesis stream, reads each shard named in <paramref name="checkpoints"/> after that sequence number instead of from its starting position.</summary>
    /// <param name="save">False when loading the mapping from the store.</param>
    internal void CreateEventSourceMapping(EventSourceMappingDefinition mapping, IReadOnlyDictionary<string, string>? checkpoints, bool save = true)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var function = Function(mapping.FunctionName);
        EventSourceMapping created = EventSourceArn.Service(mapping.EventSourceArn) switch
        {
            "kinesis" => KinesisEventSource.Create(mapping, function, this, _regions(EventSourceArn.Region(mapping.EventSourceArn)).Kinesis).ResumeAfter(checkpoints)
                .Checkpointed((shard, sequence) => CheckpointMoved(mapping.Uuid, shard, sequence)),
            "sqs" => SqsEventSource.Create(mapping, function, this, _regions(EventSourceArn.Region(mapping.EventSourceArn)).Sqs),
            _ => throw LambdaErrors.InvalidParameter($"Unsupported event source type: {mapping.EventSourceArn} (this local cloud maps Kinesis streams and SQS queues)"),
        };
        if (!_mappings.TryAdd(mapping.Uuid, created))
        {
            throw LambdaErrors.Conflict($"An event source mapping with UUID {mapping.Uuid} already exists.");
        }
        if (save)
        {
            SaveMapping(mapping.Uuid);
        }
        if (_started)
        {
            created.Start();
        }
    }

    /// <summary>
    /// The function by name, <c>name:qualifier</c> or ARN: <c>$LATEST</c>, a published version, or the
    /// version an alias names (its own, not the one its routing may pick for an invocation).
    /// </summary>
    public LambdaFunction Function(string nameOrArn) => Resolve(nameOrArn, route: false).Function;

    /// <summary>Invoke as the Step Functions engine calls it (AslEngineOptions.LambdaInvoker).</summary>
    public Sluice.Asl.Resources.ILambdaInvoker Invoker => new LambdaInvoker(this);

    /// <summary>The messaging services of a region, for event sources and destinations.</summary>
    internal RegionalServices.Services Region(string region) => _regions(region);

    public IReadOnlyList<LambdaFunction> Functions() => _functions.Values.OrderBy(f => f.Definition.FunctionName, StringComparer.Ordinal).ToList();

    public IReadOnlyList<EventSourceMapping> Mappings() => _mappings.Values.OrderBy(m => m.Definition.Uuid, StringComparer.Ordinal).ToList();

    public EventSourceMapping Mapping(string uuid) => _mappings.TryGetValue(uuid, out var m) ? m : throw LambdaErrors.MappingNotFound(uuid);

    /// <summary>A synchronous (RequestResponse) invocation; throttled beyond the function's concurrency unless <paramref name="waitForCapacity"/>.</summary>
    public Task<(InvocationOutcome Outcome, InvocationRecord Record)> InvokeAsync(string function, byte[] payload, bool waitForCapacity, CancellationToken cancellationToken)
    {
        if (!_started)
        {
            throw new InvalidOperationException("The Lambda service has not been started");
        }
        var target = Resolve(function);
        return target.Function.InvokeAsync(payload, waitForCapacity, cancellationToken, target.InvokedArn);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var mapping in _mappings.Values)
        {
            await mapping.CancelAsync().ConfigureAwait(false);
        }
        // Killing the processes ends the invocations the pollers and queued events are waiting on.
        foreach (var function in _functions.Values)
        {
            function.Dispose();
        }
        foreach (var versions in _versions.Values)
        {
            lock (versions)
            {
                versions.Published.ForEach(v => v.Dispose());
            }
        }
        foreach (var mapping in _mappings.Values)
        {
            await mapping.StopAsync().ConfigureAwait(false);
        }
        await StopAsyncDispatcherAsync().ConfigureAwait(false);
        await _runtimeApi.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }
}
