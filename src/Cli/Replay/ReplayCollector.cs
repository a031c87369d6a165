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

    public void Add(KinesisStreamRecord record)
    {
        if (to is { } end && record.ApproximateArrivalTimestamp > end)
        {
            AfterTo++;
            return;
        }

        Read++;
        var parsed = CloudEventParser.Parse(record.Data);
        if (parsed.Event is not { } e)
        {
            Unreadable++;
            return;
        }

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

        _placed.Add(new PlacedRecord(e.Id, e.Source, e.Subject, record.Data));
    }
}
