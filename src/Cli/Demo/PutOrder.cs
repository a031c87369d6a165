using System.Security.Cryptography;
using System.Text.Json;
using Sluice.Cli.Put;

namespace Sluice.Cli.Demo;

/// <summary>
/// One record the demo put: its event id, order id (the partition key), kind, the event's time when
/// it parsed, its <c>source</c>, and the SHA-256 of its bytes (how a <c>sluice.ingest.rejected</c>
/// record, which carries the raw record, is matched back to it).
/// </summary>
internal sealed record PutOrder(string EventId, string OrderId, string Kind, DateTimeOffset? Time, string Source = OrderGenerator.Source, string Digest = "")
{
    /// <summary>The execution the Processor starts for it.</summary>
    public string ExecutionName { get; } = Shared.Domain.ExecutionName.For(Source, EventId);

    public static PutOrder From(OutgoingRecord record, string source = OrderGenerator.Source, string? kind = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        DateTimeOffset? time = null;
        try
        {
            using var document = JsonDocument.Parse(record.Data);
            if (document.RootElement.TryGetProperty("time", out var t) && t.TryGetDateTimeOffset(out var parsed))
            {
                time = parsed;
            }
        }
        catch (JsonException)
        {
            // A malformed order on purpose: Ingest rejects it, so it has no latency to measure.
        }
        return new PutOrder(record.EventId, record.PartitionKey, kind ?? OrderKindNames.Name(record.Kind), time, source, DigestOf(record.Data));
    }

    public static string DigestOf(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
