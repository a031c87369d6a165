using System.Globalization;
using Sluice.LocalCloud.Persistence;

namespace Sluice.LocalCloud.Logs;

/// <summary>Writing and reading events: PutLogEvents, what Lambda writes, GetLogEvents and FilterLogEvents.</summary>
internal sealed partial class LogsService
{
    private const long Day = 86_400_000;
    private const int MaxBatchBytes = 1_048_576;
    private const int PerEventBytes = 26;

    public sealed record Rejected(int? TooNewStartIndex, int? TooOldEndIndex, int? ExpiredEndIndex);

    public (string NextSequenceToken, Rejected? Rejected) PutLogEvents(LogGroup group, string? streamName, IReadOnlyList<(long? Timestamp, string? Message)>? events)
    {
        streamName = CheckStreamName(streamName);
        if (events is null)
        {
            throw LogsErrors.Missing("logEvents");
        }
        if (events.Count is 0 or > 10_000)
        {
            throw LogsErrors.Constraint("logEvents", null, "Member must have length less than or equal to 10000 and greater than or equal to 1");
        }
        var size = 0L;
        for (var i = 0; i < events.Count; i++)
        {
            var (timestamp, message) = events[i];
            if (timestamp is null)
            {
                throw LogsErrors.Missing($"logEvents.{i + 1}.member.timestamp");
            }
            if (string.IsNullOrEmpty(message))
            {
                throw LogsErrors.Constraint($"logEvents.{i + 1}.member.message", message, "Member must have length greater than or equal to 1");
            }
            if (i > 0 && timestamp < events[i - 1].Timestamp)
            {
                throw LogsErrors.Invalid("Log events in a single PutLogEvents request must be in chronological order.");
            }
            size += System.Text.Encoding.UTF8.GetByteCount(message) + PerEventBytes;
        }
        if (events[^1].Timestamp - events[0].Timestamp > Day)
        {
            throw LogsErrors.Invalid("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
        }
        if (size > MaxBatchBytes)
        {
            throw LogsErrors.Invalid($"Upload too large: {size.ToString(CultureInfo.InvariantCulture)} bytes exceeds limit of {MaxBatchBytes.ToString(CultureInfo.InvariantCulture)}");
        }

        var now = Now;
        // Events are in time order, so the too-old (and expired) ones lead and the too-new ones trail.
        var tooOldEnd = 0;
        var expiredEnd = 0;
        var tooNewStart = events.Count;
        for (var i = 0; i < events.Count; i++)
        {
            var t = events[i].Timestamp!.Value;
            if (t < now - (14 * Day))
            {
                tooOldEnd = i + 1;
            }
            if (group.RetentionInDays is { } days && t < now - (days * Day))
            {
                expiredEnd = i + 1;
            }
            if (t > now + (2 * 3_600_000) && tooNewStart == events.Count)
            {
                tooNewStart = i;
            }
        }
        var first = Math.Max(tooOldEnd, expiredEnd);
        lock (group.Gate)
        {
            if (!group.Streams.TryGetValue(streamName, out var stream))
            {
                throw LogsErrors.StreamNotFound();
            }
            for (var i = first; i < tooNewStart; i++)
            {
                Store(group, stream, events[i].Timestamp!.Value, events[i].Message!, now);
            }
            Expire(group);
        }
        // Answered once kept: a killed host keeps every event it acknowledged.
        Flush();
        var rejected = tooOldEnd > 0 || expiredEnd > 0 || tooNewStart < events.Count
            ? new Rejected(tooNewStart < events.Count ? tooNewStart : null, tooOldEnd > 0 ? tooOldEnd : null, expiredEnd > 0 ? expiredEnd : null)
            : null;
        return (group.NextSequence.ToString("D56", CultureInfo.InvariantCulture), rejected);
    }

    /// <summary>
    /// One line a function (or Lambda on its behalf) wrote, stored as Lambda does: the group and stream
    /// are created on first use.
    /// </summary>
    public void Append(string groupName, string streamName, DateTimeOffset time, string message)
    {
        if (message.Length == 0)
        {
            return;
        }
        var group = EnsureLogGroup(groupName);
        lock (group.Gate)
        {
            if (!group.Streams.TryGetValue(streamName, out var stream))
            {
                stream = new LogStream(streamName, Now);
                group.Streams[streamName] = stream;
                SaveStream(group, stream);
            }
            // Not waited for: a function's lines are kept with the next group commit (see GroupCommitWriter).
            Store(group, stream, time.ToUnixTimeMilliseconds(), message, Now);
            Expire(group);
        }
    }

    private void Store(LogGroup group, LogStream stream, long timestamp, string message, long now)
    {
        var e = new LogEvent(timestamp, now, message, stream.Name, group.NextSequence++);
        stream.Add(e);
        group.EventCount++;
        Keep(b => DurableStore.AddLogEvent(b, _options.Region, group.Name, e));
    }

    /// <summary>Drops what the group no longer keeps: events past its retention, and the oldest beyond the per-group cap.</summary>
    private void Expire(LogGroup group)
    {
        if (group.RetentionInDays is { } days)
        {
            var cutoff = Now - (days * Day);
            var removed = 0;
            foreach (var stream in group.Streams.Values)
            {
                if (stream.FirstEventTimestamp < cutoff)
                {
                    removed += stream.RemoveWhere(e => e.Timestamp < cutoff);
                }
            }
            if (removed > 0)
            {
                group.EventCount -= removed;
                Keep(b => DurableStore.DropLogEvents(b, _options.Region, group.Name, cutoff, null));
            }
        }
        // Trimmed in steps of a tenth of the cap, so a steady writer pays for one pass per many events.
        if (group.EventCount > _options.EventsPerGroup + (_options.EventsPerGroup / 10))
        {
            var keepFrom = group.NextSequence - _options.EventsPerGroup;
            foreach (var stream in group.Streams.Values)
            {
                group.EventCount -= stream.RemoveWhere(e => e.Sequence < keepFrom);
            }
            Keep(b => DurableStore.DropLogEvents(b, _options.Region, group.Name, null, keepFrom));
        }
    }

    public sealed record EventsPage(IReadOnlyList<LogEvent> Events, string ForwardToken, string BackwardToken);

    public EventsPage GetLogEvents(LogGroup group, string? streamName, long? startTime, long? endTime, string? nextToken, int? limit, bool startFromHead)
    {
        streamName = CheckStreamName(streamName);
        var take = CheckLimit(limit, 10_000);
        lock (group.Gate)
        {
            Expire(group);
            if (!group.Streams.TryGetValue(streamName, out var stream))
            {
                throw LogsErrors.StreamNotFound();
            }
            var events = stream.Events;
            // Time window [startTime, endTime): the token positions are indexes into the whole stream.
            var lo = startTime is { } s ? stream.LowerBound(s) : 0;
            var hi = endTime is { } e ? stream.LowerBound(e) : events.Count;
            hi = Math.Max(lo, hi);
            int from, to;
            if (nextToken is not null)
            {
                var (forward, index) = ParseEventToken(nextToken);
                if (forward)
                {
                    from = Math.Clamp(index, lo, hi);
                    to = Math.Min(hi, from + take);
                }
                else
                {
                    to = Math.Clamp(index, lo, hi);
                    from = Math.Max(lo, to - take);
                }
            }
            else if (startFromHead)
            {
                from = lo;
                to = Math.Min(hi, lo + take);
            }
            else
            {
                to = hi;
                from = Math.Max(lo, hi - take);
            }
            var page = new List<LogEvent>(to - from);
            for (var i = from; i < to; i++)
            {
                page.Add(events[i]);
            }
            return new EventsPage(page, EventToken(true, to), EventToken(false, from));
        }
    }

    public sealed record FilteredPage(IReadOnlyList<LogEvent> Events, IReadOnlyList<string> SearchedStreams, string? NextToken);

    public FilteredPage FilterLogEvents(LogGroup group, IReadOnlyList<string>? streamNames, string? streamPrefix, long? startTime, long? endTime,
        string? filterPattern, string? nextToken, int? limit)
    {
        if (streamNames is not null && streamPrefix is not null)
        {
            throw LogsErrors.Invalid("logStreamNames and logStreamNamePrefix are mutually exclusive parameters.");
        }
        if (streamNames is { Count: 0 or > 100 })
        {
            throw LogsErrors.Constraint("logStreamNames", null, "Member must have length less than or equal to 100 and greater than or equal to 1");
        }
        if (startTime is { } st && endTime is { } et && et < st)
        {
            throw LogsErrors.Invalid("End time must be greater than or equal to start time");
        }
        var take = CheckLimit(limit, 10_000);
        var pattern = FilterPattern.Parse(filterPattern);
        (long Timestamp, long Sequence)? after = null;
        if (nextToken is not null)
        {
            var parts = DecodeToken(nextToken).Split('/');
            after = parts.Length == 3 && parts[0] == "e"
                && long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var t)
                && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var q)
                ? (t, q)
                : throw LogsErrors.Invalid("The specified nextToken is invalid.");
        }

        List<LogEvent> candidates;
        List<string> searched;
        lock (group.Gate)
        {
            Expire(group);
            var streams = group.Streams.Values
                .Where(s => (streamNames is null || streamNames.Contains(s.Name, StringComparer.Ordinal))
                    && (streamPrefix is null || s.Name.StartsWith(streamPrefix, StringComparison.Ordinal)))
                .ToList();
            searched = [.. streams.Select(s => s.Name)];
            candidates = [];
            foreach (var stream in streams)
            {
                var from = startTime is { } s ? stream.LowerBound(s) : 0;
                for (var i = from; i < stream.Events.Count; i++)
                {
                    var e = stream.Events[i];
                    if (endTime is { } end && e.Timestamp > end)
                    {
                        break;
                    }
                    candidates.Add(e);
                }
            }
        }
        // Interleaved across streams: time order, then the order the group took them in.
        candidates.Sort(static (a, b) => a.Timestamp != b.Timestamp ? a.Timestamp.CompareTo(b.Timestamp) : a.Sequence.CompareTo(b.Sequence));
        var page = new List<LogEvent>();
        var bytes = 0L;
        string? next = null;
        foreach (var e in candidates)
        {
            if (after is { } a && (e.Timestamp < a.Timestamp || (e.Timestamp == a.Timestamp && e.Sequence <= a.Sequence)))
            {
                continue;
            }
            if (!pattern.Matches(e.Message))
            {
                continue;
            }
            bytes += System.Text.Encoding.UTF8.GetByteCount(e.Message) + PerEventBytes;
            if (page.Count == take || (page.Count > 0 && bytes > MaxBatchBytes))
            {
                var last = page[^1];
                next = EncodeToken($"e/{last.Timestamp.ToString(CultureInfo.InvariantCulture)}/{last.Sequence.ToString(CultureInfo.InvariantCulture)}");
                break;
            }
            page.Add(e);
        }
        return new FilteredPage(page, searched, next);
    }

    /// <summary>An event's id: unique within its group, digits only as AWS's are.</summary>
    public static string EventId(LogEvent e) => e.Sequence.ToString("D56", CultureInfo.InvariantCulture);

    private static string EventToken(bool forward, int index) =>
        $"{(forward ? 'f' : 'b')}/{index.ToString("D56", CultureInfo.InvariantCulture)}/s";

    private static (bool Forward, int Index) ParseEventToken(string token) =>
        token.Length > 4 && token[0] is 'f' or 'b' && token[1] == '/' && token.EndsWith("/s", StringComparison.Ordinal)
            && int.TryParse(token.AsSpan(2, token.Length - 4), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? (token[0] == 'f', index)
            : throw LogsErrors.Invalid("The specified nextToken is invalid.");
}
