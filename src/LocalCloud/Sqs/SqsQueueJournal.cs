using Sluice.LocalCloud.Persistence;

namespace Sluice.LocalCloud.Sqs;

/// <summary>Where one queue writes its changes through to the data directory before acknowledging them.</summary>
internal sealed record SqsQueueJournal(DurableStore Store, string Region, string Queue)
{
    public void Save(SqsQueue queue, IReadOnlyDictionary<string, string> settings) => Store.SaveQueue(Region, queue, settings);

    public void Sent(SqsMessage message, string? dedupKey, long dedupExpires, long sequence) => Store.PutMessage(Region, Queue, message, dedupKey, dedupExpires, sequence);

    public void Changed(IReadOnlyList<SqsMessage> messages) => Store.UpdateMessages(Region, Queue, messages);

    public void Deleted(IReadOnlyList<string> messageIds) => Store.DeleteMessages(Region, Queue, messageIds);

    public void Purged() => Store.PurgeMessages(Region, Queue);

    public void MovedHere(string source, SqsMessage message) => Store.MoveMessage(Region, source, Queue, message);
}
