using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Sluice.Shared.Aws.S3;
using Sluice.Shared.Envelope;

namespace Sluice.Cli.History;

/// <summary>An event read from the archive, with the object it came from.</summary>
internal sealed record ArchivedEvent(CloudEvent Event, string Key);

/// <summary>A document of an archive object that is not a valid event (or the rest of an object that is not JSON).</summary>
internal sealed record UnreadableArchived(string Key, int Index, string Problem);

/// <summary>One valid event of an archive object: the object, the document's index in it, the record's bytes and the event.</summary>
internal delegate void ArchivedEventHandler(string key, int index, ReadOnlySpan<byte> data, CloudEvent cloudEvent);

/// <summary>What the archive holds for an order between two times, and how much was read to find it.</summary>
internal sealed record ArchiveRead(IReadOnlyList<ArchivedEvent> Events, IReadOnlyList<UnreadableArchived> Unreadable, int ObjectsRead);

/// <summary>
/// Reads the event archive Firehose writes: objects under <c>&lt;prefix&gt;yyyy/MM/dd/HH/</c> (UTC), each the
/// records' bytes concatenated with no delimiter, gzipped (<c>.gz</c>, or the gzip magic bytes). An
/// object sits in the folder of its oldest record's arrival hour and holds records up to a buffer
/// interval later, so the hour before <c>from</c> is read too.
/// </summary>
internal static class ArchiveReader
{
    /// <summary>The hour folders from the hour before <paramref name="from"/> to the hour of <paramref name="to"/>.</summary>
    public static IEnumerable<string> HourPrefixes(string prefix, DateTimeOffset from, DateTimeOffset to)
    {
        var utcFrom = from.ToUniversalTime();
        var hour = new DateTimeOffset(utcFrom.Year, utcFrom.Month, utcFrom.Day, utcFrom.Hour, 0, 0, TimeSpan.Zero).AddHours(-1);
        for (; hour <= to.ToUniversalTime(); hour = hour.AddHours(1))
        {
            yield return prefix + hour.UtcDateTime.ToString("yyyy/MM/dd/HH/", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The events whose <c>subject</c> is <paramref name="orderId"/> in the archive between the two times, in the order the objects hold them.</summary>
    public static async Task<ArchiveRead> ReadAsync(S3Client s3, string bucket, string prefix, string orderId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var events = new List<ArchivedEvent>();
        var unreadable = new List<UnreadableArchived>();
        var objects = await ScanAsync(s3, bucket, prefix, from, to, (key, _, _, e) =>
        {
            if (e.Subject == orderId)
            {
                events.Add(new ArchivedEvent(e, key));
            }
        }, unreadable.Add, cancellationToken).ConfigureAwait(false);
        return new ArchiveRead(events, unreadable, objects);
    }

    /// <summary>
    /// Every document of the objects in the hour folders from the hour before <paramref name="from"/> to
    /// the hour of <paramref name="to"/>, in key order (Firehose's names sort by time): each valid event
    /// with its record's bytes to <paramref name="onEvent"/>, each other document to <paramref name="onUnreadable"/>.
    /// Returns the number of objects read.
    /// </summary>
    public static async Task<int> ScanAsync(
        S3Client s3, string bucket, string prefix, DateTimeOffset from, DateTimeOffset to,
        ArchivedEventHandler onEvent, Action<UnreadableArchived> onUnreadable, CancellationToken cancellationToken)
    {
        var objects = 0;
        foreach (var hour in HourPrefixes(prefix, from, to))
        {
            await foreach (var summary in s3.ListAllObjectsAsync(bucket, hour, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                var body = Decompress(await s3.GetObjectAsync(bucket, summary.Key, cancellationToken).ConfigureAwait(false));
                objects++;
                var (documents, problems) = Split(body);
                for (var i = 0; i < documents.Count; i++)
                {
                    var bytes = body.AsSpan(documents[i].Start, documents[i].Length);
                    var parsed = CloudEventParser.Parse(bytes);
                    if (parsed.Event is { } e)
                    {
                        onEvent(summary.Key, i, bytes, e);
                    }
                    else
                    {
                        onUnreadable(new UnreadableArchived(summary.Key, i, parsed.Problem ?? "not an event"));
                    }
                }
                foreach (var (start, problem) in problems)
                {
                    // Its index: the documents before it.
                    onUnreadable(new UnreadableArchived(summary.Key, documents.Count(d => d.Start < start), problem));
                }
            }
        }
        return objects;
    }

    /// <summary>The body itself, or its gzip-decompressed content when it starts with the gzip magic bytes.</summary>
    public static byte[] Decompress(byte[] body)
    {
        if (body is not [0x1f, 0x8b, ..])
        {
            return body;
        }
        using var gzip = new GZipStream(new MemoryStream(body, writable: false), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gzip.CopyTo(plain);
        return plain.ToArray();
    }

    /// <summary>
    /// Where each JSON document of the records starts and how long it is: records concatenated with no
    /// delimiter, or each followed by a newline (AppendDelimiterToRecord). Bytes that are not JSON are a
    /// problem up to the next newline, and reading goes on after it; without newlines nothing after
    /// them can be found, so the rest of the object is the problem.
    /// </summary>
    public static (List<(int Start, int Length)> Documents, List<(int Start, string Problem)> Problems) Split(byte[] bytes)
    {
        var documents = new List<(int, int)>();
        var problems = new List<(int, string)>();
        var position = 0;
        while (true)
        {
            while (position < bytes.Length && bytes[position] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
            {
                position++;
            }
            if (position >= bytes.Length)
            {
                return (documents, problems);
            }
            var reader = new Utf8JsonReader(bytes.AsSpan(position), new JsonReaderOptions { AllowMultipleValues = true });
            try
            {
                reader.Read();
                reader.Skip();
                var length = (int)reader.BytesConsumed;
                documents.Add((position, length));
                position += length;
            }
            catch (JsonException e)
            {
                var newline = Array.IndexOf(bytes, (byte)'\n', position);
                problems.Add((position, $"not JSON from byte {position}: {e.Message}"));
                position = newline < 0 ? bytes.Length : newline + 1;
            }
        }
    }
}
