using System.Security.Cryptography;
using System.Text;
using Sluice.Shared.Envelope;

namespace Sluice.Processor;

/// <summary>
/// The <c>sluice.processor.rejected</c> event for a conflict: an event whose <c>(source, id)</c>
/// already started an execution with different content. It carries the conflicting event whole
/// (base64) and the execution the identity belongs to; its id is derived from the conflicting
/// content, so a redelivered message yields the same rejected event.
/// </summary>
internal static class ConflictEvent
{
    public const string Source = "sluice/processor";

    public static string Create(CloudEvent conflicting, string executionArn, DateTimeOffset now)
    {
        var raw = Encoding.UTF8.GetBytes(conflicting.Json);
        var id = "conflict-" + Convert.ToHexStringLower(SHA256.HashData(raw));
        var reason = $"event (source '{conflicting.Source}', id '{conflicting.Id}') already started execution {executionArn} with different content; "
            + "the same (source, id) must always carry the same event";
        var json = CloudEventWriter.Write(
            id,
            Source,
            EventTypes.ProcessorRejected,
            conflicting.Subject,
            now,
            (conflicting, executionArn, reason, raw),
            static (writer, s) =>
            {
                writer.WriteString("reason", s.reason);
                writer.WriteString("partitionKey", s.conflicting.Subject);
                writer.WriteString("eventSource", s.conflicting.Source);
                writer.WriteString("eventId", s.conflicting.Id);
                writer.WriteString("executionArn", s.executionArn);
                writer.WriteBase64String("rawData", s.raw);
            });
        return Encoding.UTF8.GetString(json);
    }
}
