using System.CommandLine;
using Sluice.Shared.Aws;

namespace Sluice.Cli.History;

/// <summary>
/// Completes an order's read from the event archive when the stream no longer holds its start. The
/// stream keeps records for its retention period (a week in the template); the archive keeps every
/// record for years, written by Firehose under <c>events/yyyy/MM/dd/HH/</c>.
/// </summary>
internal static class OrderArchive
{
    /// <summary>The prefix the template's delivery stream writes events under.</summary>
    public const string Prefix = "events/";

    /// <summary>How far back the archive is searched unless told: each hour is one listing.</summary>
    public const string DefaultFrom = "-30d";

    /// <summary>The option that names the archive's bucket (history and replay).</summary>
    public static Option<string> BucketOption(string reads) => new("--archive-bucket")
    {
        Description = $"The event archive's bucket, read {reads} [default: the stack's ArchiveBucketName output]",
        HelpName = "bucket",
    };

    /// <summary>The archive's bucket: <paramref name="option"/>'s value, else the stack's ArchiveBucketName output; null when none is known.</summary>
    public static async Task<string?> BucketAsync(CommandContext context, Option<string> option, CancellationToken cancellationToken) =>
        context.Parse.GetValue(option) is { Length: > 0 } bucket ? bucket
        : await context.OptionalOutputAsync("ArchiveBucketName", cancellationToken).ConfigureAwait(false);

    /// <summary>The error for a read of the archive that AWS refused.</summary>
    public static CliException ReadFailed(CommandContext context, string bucket, AwsServiceException e) =>
        new($"cannot read the event archive s3://{bucket}/{Prefix} at {context.EndpointText} ({e.ErrorCode}: {e.ServiceMessage}); pass --archive-bucket or --stack", CliException.Failure, e);

    /// <summary>
    /// For an order whose start the stream no longer holds (the caller checks): the archive's events of
    /// the order between <paramref name="from"/> and <paramref name="to"/> that the stream does not hold
    /// (same source and id), placed before the stream's (they are older). Unchanged when there is no archive.
    /// </summary>
    public static async Task<OrderRead> CompleteAsync(
        CommandContext context, OrderRead read, string orderId, string? bucket, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        if (bucket is null)
        {
            return read;
        }

        ArchiveRead archived;
        try
        {
            archived = await ArchiveReader.ReadAsync(context.S3(), bucket, Prefix, orderId, from, to, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e)
        {
            throw ReadFailed(context, bucket, e);
        }

        var onStream = read.Events.Select(e => (e.Event.Source, e.Event.Id)).ToHashSet();
        var older = archived.Events.Where(a => !onStream.Contains((a.Event.Source, a.Event.Id))).Select(a => new FoundEvent(a.Event, null, null, a.Key)).ToList();
        return read with
        {
            Events = [.. older, .. read.Events],
            Archive = new ArchiveSearch(bucket, Prefix, from, to, archived.ObjectsRead, older.Count, archived.Unreadable),
        };
    }
}
