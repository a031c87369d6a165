using Sluice.Shared.Aws;
using Sluice.Shared.Envelope;

namespace Sluice.Cli.Replay;

/// <summary>
/// Sorts the records read from --from on: each distinct order.placed once (a stream already
/// replayed holds the same event twice), outcomes and other valid events counted and skipped,
/// records that are not valid CloudEvents counted and skipped, records after --to ignored.
/// </summary>
internal sealed class ReplayCollector(DateTimeOffset? to)
{
    private readonly HashSet<(string Source, string Id)> _ids = [];
    private readonly List<PlacedRecord> _placed = [];

    public IReadOnlyList<PlacedRecord> Placed => _placed;

    public int Read { get; private set; }

    public int AfterTo { get; private set; }

    public int Duplicates { get; private set; }

    public int Skipped { get; private set; }

    public int Unreadable { get; private set; }

    /// <summary>Archived events read (within the window), counted in <see cref="Read"/> too.</summary>
    public int ArchivedRead { get; private set; }

    /// <summary>
    /// An event from the archive, where no arrival time is kept: its own <c>time</c> stands for it, and
    /// it is taken when that is in [<paramref name="from"/>, <paramref name="until"/>) (or it has none).
    /// Archived events come before the stream's, so a copy also on the stream counts as a duplicate.
    /// </summary>
    public void AddArchived(CloudEvent e, ReadOnlySpan<byte> data, DateTimeOffset from, DateTimeOffset until)
    {
        if (e.Time is { } time && (time < from || time >= until))
        {
            return;
        }

        ArchivedRead++;
        Add(e, data);
    }

    /// <summary>A document of an archive object that is not a valid event.</summary>
    public void AddUnreadableArchived()
    {
        ArchivedRead++;
        Read++;
        Unreadable++;
    }

    public void Add(KinesisStreamRecord record)
    {
        if (to is { } end && record.ApproximateArrivalTimestamp > end)
        {
            AfterTo++;
            return;
        }

        var parsed = CloudEventParser.Parse(record.Data);
        if (parsed.Event is not { } e)
        {
            Read++;
            Unreadable++;
            return;
        }

        Add(e, record.Data);
    }

    private void Add(CloudEvent e, ReadOnlySpan<byte> data)
    {
        Read++;
        if (e.Type != EventTypes.OrderPlaced || string.IsNullOrEmpty(e.Subject))
        {
            Skipped++;
            return;
        }

        if (!_ids.Add((e.Source, e.Id)))
        {
            Duplicates++;
            return;
        }

        _placed.Add(new PlacedRecord(e.Id, e.Source, e.Subject, data.ToArray()));
    }
}
