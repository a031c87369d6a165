using Sluice.LocalCloud.Persistence;

namespace Sluice.LocalCloud.Logs;

/// <summary>
/// The data directory: groups, streams and events are loaded when the service starts, and every change
/// is queued, in the order it is made, for the store's group commit. A call a client is answered for
/// (PutLogEvents, CreateLogGroup, PutRetentionPolicy, ...) waits for its commit; the lines Lambda and
/// Firehose write on their own do not, so a SIGKILL can lose the last of those (one commit's worth).
/// </summary>
internal sealed partial class LogsService
{
    private readonly GroupCommitWriter? _writer;

    /// <summary>Queues a write for the store; nothing when the service keeps its state in memory. Call under the lock that orders the change.</summary>
    private void Keep(Action<DurableStore.Batch> write) => _writer?.Enqueue(write);

    /// <summary>Waits until every change queued so far is committed.</summary>
    private void Flush() => _writer?.Flush();

    /// <summary>Call under the group's lock (or before it is shared).</summary>
    private void SaveGroup(LogGroup group)
    {
        var record = new StoredLogGroup(group.Arn, group.CreationTime, group.RetentionInDays, group.LogGroupClass, group.KmsKeyId, new Dictionary<string, string>(group.Tags, StringComparer.Ordinal));
        Keep(b => DurableStore.SaveLogGroup(b, _options.Region, group.Name, record));
    }

    private void SaveStream(LogGroup group, LogStream stream) =>
        Keep(b => DurableStore.SaveLogStream(b, _options.Region, group.Name, stream.Name, stream.CreationTime));

    private void Load(DurableStore store)
    {
        foreach (var (name, record, streams, events) in store.LoadLogs(_options.Region))
        {
            var group = new LogGroup(name, record.Arn, record.CreationTime)
            {
                RetentionInDays = record.RetentionInDays,
                LogGroupClass = record.LogGroupClass,
                KmsKeyId = record.KmsKeyId,
            };
            foreach (var (key, value) in record.Tags)
            {
                group.Tags[key] = value;
            }
            foreach (var (streamName, created) in streams)
            {
                group.Streams[streamName] = new LogStream(streamName, created);
            }
            foreach (var e in events)
            {
                if (!group.Streams.TryGetValue(e.StreamName, out var stream))
                {
                    group.Streams[e.StreamName] = stream = new LogStream(e.StreamName, e.IngestionTime);
                }
                stream.Add(e);
                group.EventCount++;
                group.NextSequence = e.Sequence + 1;
            }
            _groups[name] = group;
        }
    }

    /// <summary>Commits what is queued and stops the writer; later changes stay in memory only.</summary>
    public void Dispose() => _writer?.Dispose();
}
