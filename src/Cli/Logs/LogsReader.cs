using Sluice.Shared.Aws;
using Sluice.Shared.Aws.Logs;

namespace Sluice.Cli.Logs;

/// <summary>
/// Reads several log groups from a start time on, each call returning only what it has not returned
/// before (by event id), merged in time order: what --follow needs, polling as <c>aws logs tail</c> does.
/// </summary>
internal sealed class LogsReader(LogsClient client, IReadOnlyList<string> groups, long startTime, string? filter)
{
    private readonly Dictionary<string, long> _from = groups.ToDictionary(g => g, _ => startTime, StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _seenAtFrom = groups.ToDictionary(g => g, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>Whether any of the groups exists (a missing one is skipped: its function has not run yet).</summary>
    public bool FoundAny { get; private set; }

    public async Task<IReadOnlyList<(string Group, FilteredLogEvent Event)>> ReadNewAsync(CancellationToken cancellationToken)
    {
        var found = new List<(string, FilteredLogEvent)>();
        foreach (var group in groups)
        {
            try
            {
                await foreach (var e in client.FilterAllLogEventsAsync(group, _from[group], filter, cancellationToken).ConfigureAwait(false))
                {
                    // The next poll starts at the newest time seen; the ids seen at that exact time are kept
                    // so an event is printed once however many polls include its millisecond.
                    if (e.Timestamp > _from[group])
                    {
                        _from[group] = e.Timestamp;
                        _seenAtFrom[group].Clear();
                    }
                    if (e.Timestamp == _from[group] && !_seenAtFrom[group].Add(e.EventId))
                    {
                        continue;
                    }
                    found.Add((group, e));
                }
                FoundAny = true;
            }
            catch (AwsServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
            {
            }
        }
        found.Sort(static (a, b) => a.Item2.Timestamp.CompareTo(b.Item2.Timestamp));
        return found;
    }
}
