using System.Text.Json;
using Sluice.LocalCloud.Lambda.Runtime;

namespace Sluice.LocalCloud.Lambda.EventSources;

/// <summary>One event source mapping: its settings (AWS's defaults filled in), its pollers and its state.</summary>
internal abstract class EventSourceMapping(EventSourceMappingDefinition definition, LambdaFunction function, LambdaService service)
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = [];

    public EventSourceMappingDefinition Definition { get; } = definition;

    public LambdaFunction Function { get; } = function;

    protected LambdaService Service { get; } = service;

    public DateTimeOffset LastModified { get; } = DateTimeOffset.UtcNow;

    public string Arn => $"arn:aws:lambda:{Service.Options.Region}:{Service.Options.AccountId}:event-source-mapping:{Definition.Uuid}";

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
        w.WriteString("FunctionArn", Function.Definition.FunctionArn);
        w.WriteStartArray("FunctionResponseTypes");
        foreach (var type in Definition.FunctionResponseTypes)
        {
            w.WriteStringValue(type);
        }
        w.WriteEndArray();
        w.WriteNumber("LastModified", LastModified.ToUnixTimeMilliseconds() / 1000m);
    }

    protected void Note(string line) => Function.Log.Append($"[event source mapping {Definition.Uuid}] {line}", null);

    /// <summary>Runs a poller until the mapping stops; an unexpected failure is logged and the poller restarted.</summary>
    protected Task Loop(Func<CancellationToken, Task> body) => Task.Run(async () =>
    {
        while (!Stopping.IsCancellationRequested)
        {
            try
            {
                await body(Stopping).ConfigureAwait(false);
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
