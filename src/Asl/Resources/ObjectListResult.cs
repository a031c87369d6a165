namespace Sluice.Asl.Resources;

/// <summary>The objects a listing found, or why it failed.</summary>
public sealed record ObjectListResult(IReadOnlyList<ObjectSummary> Objects, ServiceError? Error = null)
{
    public static ObjectListResult Failure(ServiceError error) => new([], error);
}
