using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sluice.Cli.History;
using Sluice.Cli.Put;
using Sluice.Cli.Watch;
using Sluice.Shared.Aws;

namespace Sluice.Cli.Replay;

/// <summary>
/// <c>sluice replay --from &lt;time&gt;</c>: puts every order.placed since a time back into the
/// stream unchanged. The Processor names each execution after its event id and a STANDARD state
/// machine refuses a second execution of a name, so no order runs twice; the report says how many
/// orders were already done before the replay.
/// </summary>
internal static class ReplayCommand
{
    public static readonly IReadOnlyList<string> Examples =
    [
        "sluice replay --from -15m --dry-run",
        "sluice replay --from 2026-11-26T17:20:47Z --to 2026-11-26T18:00:00Z",
        "sluice replay --from -30d --dry-run   # past the stream's retention: the older part from the event archive",
    ];

    public static Command Create(CliHost host, CommonOptions common)
    {
        var from = new Option<string>("--from") { Description = "Replay records that arrived at or after this time: ISO-8601 (UTC unless it has an offset) or relative, like -15m, -2h, -1d", Required = true, HelpName = "time" };
        var to = new Option<string>("--to") { Description = "Ignore records that arrived after this time (same forms as --from) [default: up to now]", HelpName = "time" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Read and report only; put nothing back" };
        var archiveBucket = OrderArchive.BucketOption("for the part of --from..--to older than the stream's retention");
        var command = new Command("replay", "Re-drive the stream from a point in time: put its order.placed events back (from the event archive for what the stream no longer holds); orders already done get no second execution")
        {
            from, to, dryRun, archiveBucket,
        };
        command.SetAction(SluiceCommand.Action(host, common, async (context, cancellationToken) =>
        {
            var now = host.Clock.GetUtcNow();
            var start = Time(context.Parse.GetValue(from), "--from", now);
            DateTimeOffset? end = context.Parse.GetValue(to) is { } t ? Time(t, "--to", now) : null;
            if (end < start)
            {
                throw new CliException("--to is before --from", CliException.Usage);
            }

            var dry = context.Parse.GetValue(dryRun);
            var stream = await context.StreamAsync(cancellationToken).ConfigureAwait(false);
            var kinesis = context.Kinesis();
            var collector = new ReplayCollector(end);
            IReadOnlyList<Shard> shards;
            var pause = context.Aws.EndpointUrl is null ? TimeSpan.FromMilliseconds(200) : TimeSpan.Zero;
            ReplayArchive? archive = null;
            try
            {
                var retention = TimeSpan.FromHours((await kinesis.DescribeStreamSummaryAsync(stream, cancellationToken).ConfigureAwait(false)).StreamDescriptionSummary.RetentionPeriodHours);
                if (start < now - retention)
                {
                    archive = await ReadArchiveAsync(context, archiveBucket, collector, start, end is { } e && e < now - retention ? e : now - retention, retention, cancellationToken)
                        .ConfigureAwait(false);
                }

                shards = ShardLocator.Ordered(await kinesis.ListAllShardsAsync(stream, cancellationToken).ConfigureAwait(false));
                foreach (var shard in shards)
                {
                    await ShardReader.ReadAsync(kinesis, stream, shard.ShardId, collector.Add, cancellationToken, pause, host.Delay, start).ConfigureAwait(false);
                }
            }
            catch (AwsServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
            {
                throw new CliException($"stream '{stream}' not found at {context.EndpointText} ({e.ServiceMessage}); pass --stream or --stack", CliException.Failure, e);
            }

            context.Status(string.Create(CultureInfo.InvariantCulture, $"read {collector.Read} records from {shards.Count} shards; {collector.Placed.Count} order.placed events to replay"));
            var machine = await StateMachineResolver.ArnAsync(context, await context.StateMachineAsync(cancellationToken).ConfigureAwait(false), cancellationToken)
                .ConfigureAwait(false);
            var progress = await ExecutionCheck.CheckAsync(collector.Placed, ExecutionCheck.Using(context.StepFunctions(), machine), cancellationToken)
                .ConfigureAwait(false);
            var report = Report(stream, machine, start, end, dry, shards.Count, collector, progress) with { Archive = archive };
            if (!dry && collector.Placed.Count > 0)
            {
                var putter = new RecordPutter(kinesis, stream, new PutSettings(), host);
                var records = collector.Placed.Select(p => new OutgoingRecord(p.EventId, p.OrderId, p.Data, OrderKind.Valid));
                var put = await putter.PutAsync(records, collector.Placed.Count, p =>
                {
                    if (p.Put + p.Failed >= p.Total)
                    {
                        context.Status(string.Create(CultureInfo.InvariantCulture, $"put {p.Put}/{p.Total} events back into {stream}"));
                    }
                }, cancellationToken).ConfigureAwait(false);
                report = report with { EventsRePut = put.Put, NotPut = put.NotPut, Interrupted = put.Interrupted };
            }

            Print(context, report);
            if (report.Interrupted)
            {
                return 130;
            }

            if (report.NotPut.Count > 0)
            {
                context.Status($"sluice: {report.NotPut.Count} of {report.EventsFound} events were not put back (see the report)");
                return CliException.Failure;
            }

            return 0;
        }));
        return command;
    }

    /// <summary>
    /// The archived events of [<paramref name="from"/>, <paramref name="until"/>), the part of the window the
    /// stream no longer holds, into <paramref name="collector"/> before the stream's; null (with a
    /// warning) when no archive is known.
    /// </summary>
    private static async Task<ReplayArchive?> ReadArchiveAsync(
        CommandContext context, System.CommandLine.Option<string> option, ReplayCollector collector, DateTimeOffset from, DateTimeOffset until, TimeSpan retention, CancellationToken cancellationToken)
    {
        var hours = retention.TotalHours.ToString(CultureInfo.InvariantCulture);
        if (await OrderArchive.BucketAsync(context, option, cancellationToken).ConfigureAwait(false) is not { } bucket)
        {
            context.Status($"sluice: records before {Stamp(until)} are past the stream's {hours}-hour retention and no event archive is known "
                + "(pass --archive-bucket, or --stack for a stack with an ArchiveBucketName output): only what the stream holds is replayed");
            return null;
        }

        if (until <= from)
        {
            return new ReplayArchive(bucket, OrderArchive.Prefix, from, until, 0, 0);
        }

        try
        {
            var before = collector.ArchivedRead;
            var objects = await ArchiveReader.ScanAsync(context.S3(), bucket, OrderArchive.Prefix, from, until,
                (_, _, data, e) => collector.AddArchived(e, data, from, until), _ => collector.AddUnreadableArchived(), cancellationToken).ConfigureAwait(false);
            context.Status(string.Create(CultureInfo.InvariantCulture,
                $"read {objects} objects of the event archive s3://{bucket}/{OrderArchive.Prefix} for {Stamp(from)} .. {Stamp(until)} (past the stream's {hours}-hour retention): {collector.ArchivedRead - before} records"));
            return new ReplayArchive(bucket, OrderArchive.Prefix, from, until, objects, collector.ArchivedRead - before);
        }
        catch (AwsServiceException e)
        {
            throw OrderArchive.ReadFailed(context, bucket, e);
        }
    }

    internal static ReplayReport Report(
        string stream, string machine, DateTimeOffset from, DateTimeOffset? to, bool dryRun, int shards, ReplayCollector collector, IReadOnlyList<ExecutionProgress> progress) =>
        new()
        {
            Stream = stream,
            StateMachine = machine,
            From = from,
            To = to,
            DryRun = dryRun,
            Shards = shards,
            RecordsRead = collector.Read,
            EventsFound = collector.Placed.Count,
            DuplicateEvents = collector.Duplicates,
            OtherEvents = collector.Skipped,
            Unreadable = collector.Unreadable,
            AlreadyDone = progress.Count(p => p == ExecutionProgress.Done),
            Failed = progress.Count(p => p == ExecutionProgress.Failed),
            InProgress = progress.Count(p => p == ExecutionProgress.InProgress),
            NotYetStarted = progress.Count(p => p == ExecutionProgress.NotStarted),
        };

    private static DateTimeOffset Time(string? text, string option, DateTimeOffset now) =>
        ReplayTime.TryParse(text, now, out var time, out var problem) ? time : throw new CliException($"{option}: {problem}", CliException.Usage);

    private static void Print(CommandContext context, ReplayReport r)
    {
        if (context.Json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(r, CliJsonContext.Default.ReplayReport));
            return;
        }

        var window = Stamp(r.From) + " .. " + (r.To is { } to ? Stamp(to) : "now");
        TextOutput.KeyValues(context,
        [
            ("stream", $"{r.Stream} ({r.Shards.ToString(CultureInfo.InvariantCulture)} shards)"),
            ("window", window),
            ("records read", r.Archive is { } a
                ? string.Create(CultureInfo.InvariantCulture, $"{r.RecordsRead} ({a.RecordsRead} from {a.ObjectsRead} objects of the archive s3://{a.Bucket}/{a.Prefix} for {Stamp(a.From)} .. {Stamp(a.To)})")
                : r.RecordsRead.ToString(CultureInfo.InvariantCulture)),
            ("events found", string.Create(CultureInfo.InvariantCulture, $"{r.EventsFound} order.placed ({r.DuplicateEvents} repeated copies, {r.OtherEvents} other events and {r.Unreadable} unreadable records skipped)")),
            ("already done", string.Create(CultureInfo.InvariantCulture, $"{r.AlreadyDone} (their executions succeeded; no second one starts)")),
            ("failed", r.Failed == 0 ? "0" : string.Create(CultureInfo.InvariantCulture, $"{r.Failed} (their executions failed, timed out or were aborted; a replay cannot restart them, `sluice redrive` does)")),
            ("in progress", r.InProgress.ToString(CultureInfo.InvariantCulture)),
            ("not yet started", r.NotYetStarted.ToString(CultureInfo.InvariantCulture)),
            ("events re-put", r.DryRun ? "0 (dry run)" : string.Create(CultureInfo.InvariantCulture, $"{r.EventsRePut} of {r.EventsFound}")),
        ]);
    }

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
