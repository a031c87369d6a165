using System.Text.Json;
using Sluice.LocalCloud.Lambda.Runtime;

namespace Sluice.LocalCloud.Lambda.EventSources;

/// <summary>One event source mapping: its settings (AWS's defaults filled in), its pollers and its state.</summary>
internal abstract class EventSourceMapping(EventSourceMappingDefinition definition, LambdaFunction function, LambdaService service)
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = [];

    private readonly LambdaFunction _created = function;

    /// <summary>Replaced by UpdateEventSourceMapping; pollers read it for every batch.</summary>
    public EventSourceMappingDefinition Definition { get; private set; } = definition;

    /// <summary>The function by name at each batch, so a function updated in place gets the next batch; for an alias, the version it names.</summary>
    public LambdaFunction Function
    {
        get
        {
            try
            {
                return Service.Function(Definition.FunctionName);
            }
            catch (Protocol.AwsServiceException)
            {
                return _created;
            }
        }
    }

    /// <summary>The function, version or alias ARN the mapping invokes, as GetEventSourceMapping names it.</summary>
    public string FunctionArn => Service.QualifiedArn(Definition.FunctionName);

    /// <summary>
    /// One invocation of what the mapping names, resolved now: an alias's weights pick the version
    /// per batch, as Lambda's pollers invoke through the alias.
    /// </summary>
    protected Task<(InvocationOutcome Outcome, InvocationRecord Record)> InvokeFunctionAsync(byte[] payload, CancellationToken cancellationToken)
    {
        LambdaService.Target target;
        try
        {
            target = Service.Resolve(Definition.FunctionName);
        }
        catch (Protocol.AwsServiceException)
        {
            target = new LambdaService.Target(_created, _created.Arn, null);
        }
        return target.Function.InvokeAsync(payload, waitForCapacity: true, cancellationToken, target.InvokedArn);
    }

    protected LambdaService Service { get; } = service;

    public DateTimeOffset LastModified { get; private set; } = service.Options.Clock.GetUtcNow();

    /// <summary>
    /// Settings the pollers read per batch change in place, keeping the mapping's position; the ones
    /// that shape the pollers themselves are refused rather than applied by losing that position.
    /// </summary>
    public void Update(EventSourceMappingDefinition changed)
    {
        var d = Definition;
        var structural = new List<string>();
        if (changed.EventSourceArn != d.EventSourceArn)
        {
            structural.Add("EventSourceArn");
        }
        if (changed.Enabled != d.Enabled)
        {
            structural.Add("Enabled");
        }
        if (changed.ParallelizationFactor != d.ParallelizationFactor)
        {
            structural.Add("ParallelizationFactor");
        }
        if (changed.ScalingMaximumConcurrency != d.ScalingMaximumConcurrency)
        {
            structural.Add("ScalingConfig");
        }
        if (changed.OnFailureDestinationArn != d.OnFailureDestinationArn)
        {
            structural.Add("DestinationConfig");
        }
        if (changed.StartingPosition != d.StartingPosition || changed.StartingPositionTimestamp != d.StartingPositionTimestamp)
        {
            structural.Add("StartingPosition");
        }
        if (structural.Count > 0)
        {
            throw LambdaErrors.InvalidParameter($"The local cloud changes {string.Join(", ", structural)} of an event source mapping only by replacing it; "
                + "change BatchSize, MaximumBatchingWindowInSeconds, MaximumRetryAttempts, MaximumRecordAgeInSeconds, BisectBatchOnFunctionError, FunctionResponseTypes or FunctionName in place.");
        }
        _ = Service.Function(changed.FunctionName);
        Validate(changed);
        Definition = changed with { Uuid = d.Uuid };
        LastModified = Service.Options.Clock.GetUtcNow();
    }

    /// <summary>The range checks of the mapping's type, as at creation.</summary>
    protected abstract void Validate(EventSourceMappingDefinition definition);


    public string Arn => $"arn:{Service.Options.Partition}:lambda:{Service.Options.Region}:{Service.Options.AccountId}:event-source-mapping:{Definition.Uuid}";

    public string LastProcessingResult { get; protected set; } = "No records processed";

    public string State => Definition.Enabled ? "Enabled" : "Disabled";

    protected bool ReportsItemFailures => Definition.FunctionResponseTypes.Contains("ReportBatchItemFailures", StringComparer.Ordinal);

    protected CancellationToken Stopping => _stop.Token;

    /// <summary>Starts polling, unless the mapping is disabled.</summary>
    public void Start()
    {
        if (!Definition.Enabled)
        {
            return;
        }
        lock (_tasks)
        {
            _tasks.AddRange(StartPollers());
        }
    }

    /// <summary>Tells the pollers to stop; <see cref="StopAsync"/> then waits for them.</summary>
    public Task CancelAsync() => _stop.CancelAsync();

    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        Task[] tasks;
        lock (_tasks)
        {
            tasks = [.. _tasks];
        }
        try
        {
            await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (TimeoutException)
        {
        }
    }

    protected abstract IEnumerable<Task> StartPollers();

    /// <summary>The mapping as GetEventSourceMapping answers it.</summary>
    public abstract void WriteConfiguration(Utf8JsonWriter writer);

    /// <summary>The keys every mapping's configuration shares, from EventSourceArn to LastModified in AWS's (alphabetical) order.</summary>
    protected void WriteArnsToLastModified(Utf8JsonWriter w)
    {
        w.WriteString("EventSourceArn", Definition.EventSourceArn);
        w.WriteString("EventSourceMappingArn", Arn);
        w.WriteString("FunctionArn", FunctionArn);
        w.WriteStartArray("FunctionResponseTypes");
        foreach (var type in Definition.FunctionResponseTypes)
        {
            w.WriteStringValue(type);
        }
        w.WriteEndArray();
        w.WriteNumber("LastModified", LastModified.ToUnixTimeMilliseconds() / 1000m);
    }

    protected void Note(string line) => Function.Log.Append($"[event source mapping {Definition.Uuid}] {line}", null);

    /// <summary>
    /// Runs a poller until the mapping stops or the poller returns (its work is done: a closed shard read to
    /// its end); an unexpected failure is logged and the poller restarted.
    /// </summary>
    protected Task Loop(Func<CancellationToken, Task> body) => Task.Run(async () =>
    {
        while (!Stopping.IsCancellationRequested)
        {
            try
            {
                await body(Stopping).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (Stopping.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A poller must outlive any one failure, as Lambda's do; the failure is logged.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Note("poller failed, restarting: " + e.Message);
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200), Stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    });
}
