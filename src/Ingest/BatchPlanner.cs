namespace Sluice.Ingest;

/// <summary>
/// Cuts the events, in stream order, into PublishBatch calls: at most 10 entries and 256 KiB each,
/// and never two events of the same order in one call, because SNS does not keep order inside a
/// batch. Batches are published one after another, so an order's events leave in stream order.
/// </summary>
internal static class BatchPlanner
{
    public const int MaxEntries = 10;
    public const int MaxBytes = 256 * 1024;

    public static List<List<OutgoingEvent>> Plan(IReadOnlyList<OutgoingEvent> events)
    {
        var batches = new List<List<OutgoingEvent>>();
        var current = new List<OutgoingEvent>(MaxEntries);
        var bytes = 0;
        var subjects = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in events)
        {
            var full = current.Count == MaxEntries
                || bytes + item.Size > MaxBytes
                || (item.Subject is not null && subjects.Contains(item.Subject));
            if (full && current.Count > 0)
            {
                batches.Add(current);
                current = new List<OutgoingEvent>(MaxEntries);
                bytes = 0;
                subjects.Clear();
            }

            current.Add(item);
            bytes += item.Size;
            if (item.Subject is not null)
            {
                subjects.Add(item.Subject);
            }
        }

        if (current.Count > 0)
        {
            batches.Add(current);
        }

        return batches;
    }
}
