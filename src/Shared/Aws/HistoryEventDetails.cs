namespace Sluice.Shared.Aws;

/// <summary>
/// The union of the fields the typed <c>*EventDetails</c> objects carry; each event type sets
/// its own subset (e.g. StateEntered: name, input; ExecutionFailed: error, cause; TaskScheduled:
/// resourceType, resource, region, parameters).
/// </summary>
public sealed class HistoryEventDetails
{
    public string? Name { get; init; }

    public string? Input { get; init; }

    public string? Output { get; init; }

    public string? Error { get; init; }

    public string? Cause { get; init; }

    public string? Resource { get; init; }

    public string? ResourceType { get; init; }

    public string? Region { get; init; }

    public string? Parameters { get; init; }

    public string? RoleArn { get; init; }

    public long? TimeoutInSeconds { get; init; }
}
