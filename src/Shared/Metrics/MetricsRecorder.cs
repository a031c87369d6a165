using System.Text.Json;
using Sluice.Shared.Logging;

namespace Sluice.Shared.Metrics;

/// <summary>
/// CloudWatch Embedded Metric Format: metrics are summed over an invocation and written as one
/// EMF line when the runtime loop flushes at its end; CloudWatch turns the line into metrics
/// without any API call. Dimension: <c>service</c>, as Powertools does.
/// </summary>
public sealed class MetricsRecorder(string metricsNamespace, string service, JsonLineSink sink, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly List<(string Name, MetricUnit Unit, double Value)> _values = [];
    private string? _requestId;

    public string Namespace { get; } = metricsNamespace;

    public static MetricsRecorder FromEnvironment(IEnvironmentVariables env, string service, JsonLineSink sink, TimeProvider clock) =>
        new(env.Get("POWERTOOLS_METRICS_NAMESPACE") is { Length: > 0 } ns ? ns : "Sluice", service, sink, clock);

    public void BeginInvocation(string invocationRequestId)
    {
        lock (_gate)
        {
            _requestId = invocationRequestId;
        }
    }

    public void Add(string name, MetricUnit unit, double value)
    {
        lock (_gate)
        {
            var index = _values.FindIndex(v => v.Name == name);
            if (index < 0)
            {
                _values.Add((name, unit, value));
            }
            else
            {
                _values[index] = (name, unit, _values[index].Value + value);
            }
        }
    }

    /// <summary>Writes the metrics recorded since the last flush as one EMF line; nothing if none were.</summary>
    public void Flush()
    {
        (string Name, MetricUnit Unit, double Value)[] snapshot;
        string? id;
        lock (_gate)
        {
            if (_values.Count == 0)
            {
                return;
            }

            snapshot = [.. _values];
            _values.Clear();
            id = _requestId;
        }

        var state = (this, snapshot, id, clock.GetUtcNow().ToUnixTimeMilliseconds());
        sink.Write(state, static (writer, s) => s.Item1.WriteEmf(writer, s.snapshot, s.id, s.Item4));
    }

    private void WriteEmf(Utf8JsonWriter writer, (string Name, MetricUnit Unit, double Value)[] metrics, string? id, long timestamp)
    {
        writer.WriteStartObject("_aws");
        writer.WriteNumber("Timestamp", timestamp);
        writer.WriteStartArray("CloudWatchMetrics");
        writer.WriteStartObject();
        writer.WriteString("Namespace", Namespace);
        writer.WriteStartArray("Dimensions");
        writer.WriteStartArray();
        writer.WriteStringValue("service");
        writer.WriteEndArray();
        writer.WriteEndArray();
        writer.WriteStartArray("Metrics");
        foreach (var metric in metrics)
        {
            writer.WriteStartObject();
            writer.WriteString("Name", metric.Name);
            writer.WriteString("Unit", metric.Unit.ToString());
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteString("service", service);
        if (id is not null)
        {
            writer.WriteString("function_request_id", id);
        }

        foreach (var metric in metrics)
        {
            writer.WriteNumber(metric.Name, metric.Value);
        }
    }
}
