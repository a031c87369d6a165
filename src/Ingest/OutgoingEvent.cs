namespace Sluice.Ingest;

/// <summary>
/// One event to publish, in stream order: either the record's own CloudEvent (as read) or the
/// <c>sluice.ingest.rejected</c> event that stands for it. <see cref="SequenceNumber"/> is where the
/// stream resumes if this event is not published.
/// </summary>
internal sealed record OutgoingEvent(string EntryId, string SequenceNumber, string Message, string Type, string? Subject)
{
    /// <summary>What counts towards SNS's 256 KiB PublishBatch limit: the message and its attributes.</summary>
    public int Size { get; } = System.Text.Encoding.UTF8.GetByteCount(Message)
        + "type".Length + "String".Length + System.Text.Encoding.UTF8.GetByteCount(Type)
        + (Subject is null ? 0 : "subject".Length + "String".Length + System.Text.Encoding.UTF8.GetByteCount(Subject));
}
