namespace Sluice.Shared.Metrics;

/// <summary>The CloudWatch units this project emits.</summary>
public enum MetricUnit
{
    Count,
    Milliseconds,
    Bytes,
}
