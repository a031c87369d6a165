using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sluice.Cli.Watch;
using Sluice.Shared.Aws;
using Sluice.Shared.Domain;
using Sluice.Shared.Executions;

namespace Sluice.Cli.History;

/// <summary><c>sluice history &lt;order-id&gt;</c>: the order's events from its shard, folded into its state.</summary>
internal static class HistoryCommand
{
    public static readonly IReadOnlyList<string> Examples =
    [
        "sluice history ord-b74d2555175d",
        "sluice history 0b6f3c9e-2d1a-4c55-9a7e-1f2e3d4c5b6a   # an execution name (the event id) works too",
        "sluice history ord-b74d2555175d --aws --stack sluice-staging --json",
        "sluice history ord-b74d2555175d --archive-from 2026-01-01   # an order older than the stream's week, from the archive",
    ];

    public static Command Create(CliHost host, CommonOptions common)
    {
        var orderId = new Argument<string>("order")
        {
            Description = "The order id (the events' subject and partition key), or the name or ARN of one of its executions",
        };
        orderId.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is not { Length: >= 1 and <= 2048 })
            {
                r.AddError("the order id or execution must have 1 to 2048 characters");
            }
        });
        var archiveBucket = OrderArchive.BucketOption("when the stream no longer holds the order's order.placed");
        var archiveFrom = new Option<string>("--archive-from")
        {
            Description = $"Search the archive from this time: ISO-8601 (UTC unless it has an offset) or relative, like -7d [default: {OrderArchive.DefaultFrom}]",
            HelpName = "time",
        };
        var command = new Command("history", "Read an order's events from its shard (and from the event archive for what the stream no longer holds) and print its state (the fold of those events); an execution name or ARN finds its order")
        {
            orderId, archiveBucket, archiveFrom,
        };
        command.SetAction(SluiceCommand.Action(host, common, async (context, cancellationToken) =>
        {
            var given = context.Parse.GetValue(orderId)!;
            var now = host.Clock.GetUtcNow();
            var searchFrom = Replay.ReplayTime.TryParse(context.Parse.GetValue(archiveFrom) ?? OrderArchive.DefaultFrom, now, out var t, out var problem)
                ? t : throw new CliException($"--archive-from: {problem}", CliException.Usage);
            var stream = await context.StreamAsync(cancellationToken).ConfigureAwait(false);
            string id;
            OrderRead read;
            try
            {
                (id, read) = await ReadAsync(context, stream, given, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
            {
                throw new CliException($"stream '{stream}' not found at {context.EndpointText} ({e.ServiceMessage}); pass --stream or --stack", CliException.Failure, e);
            }

            var archiveUnknown = false;
            if (!read.HasPlaced)
            {
                var bucket = await OrderArchive.BucketAsync(context, archiveBucket, cancellationToken).ConfigureAwait(false);
                read = await OrderArchive.CompleteAsync(context, read, id, bucket, searchFrom, now, cancellationToken).ConfigureAwait(false);
                archiveUnknown = bucket is null;
                if (read.Archive is { } a)
                {
                    context.Status(string.Create(CultureInfo.InvariantCulture,
                        $"the stream holds no order.placed for '{id}': read {a.ObjectsRead} objects of the archive s3://{a.Bucket}/{a.Prefix} since {Time(a.From)}, {a.EventsAdded} events of the order there"));
                }
                else if (!read.IsEmpty)
                {
                    context.Status($"the stream holds no order.placed for '{id}' (its start may be past the stream's retention) and {NoArchive}");
                }
            }

            var events = read.Events.Select(f => f.Event).ToList();
            var history = OrderFold.Fold(id, events, await RefusalsAsync(context, events, cancellationToken).ConfigureAwait(false));
            var kept = history.Events.ToHashSet(ReferenceEqualityComparer.Instance);
            var untrusted = history.Untrusted.ToDictionary(u => u.Event, u => u.Reason, (IEqualityComparer<Shared.Envelope.CloudEvent>)ReferenceEqualityComparer.Instance);
            var report = Report(id, stream, read.Shards, history,
                [.. read.Events.Where(f => kept.Remove(f.Event)).Select(f => new HistoryEntry(f.Event.Id, f.Event.Type, f.Event.Source, f.Event.Time, f.Shard, f.Sequence, f.Event.Data, f.ArchiveKey))],
                read.Unreadable) with
            {
                Executions = read.ExecutionNames,
                Archive = read.Archive,
                Untrusted = [.. read.Events.Where(f => untrusted.ContainsKey(f.Event))
                    .Select(f => new UntrustedEntry(f.Event.Id, f.Event.Type, f.Event.Source, f.Event.Time, f.Shard, f.Sequence, untrusted[f.Event], f.ArchiveKey))],
            };
            Print(context, report);
            if (report.Events.Count == 0 && report.Unreadable.Count == 0)
            {
                context.Status($"sluice: no events for order '{id}' in stream '{stream}'"
                    + (read.Archive is { } searched ? $" or the archive s3://{searched.Bucket}/{searched.Prefix} since {Time(searched.From)}" : "")
                    + " (and no execution of that name)" + (archiveUnknown ? "; " + NoArchive : ""));
                return CliException.Failure;
            }

            return 0;
        }));
        return command;
    }

    private const string NoArchive = "no event archive is known to search (pass --archive-bucket, or --stack for a stack with an ArchiveBucketName output)";

    /// <summary>
    /// The order's records: an execution ARN names its order in its input; an id with no records
    /// of its own may be an execution's name (derived from its order.placed event), so that is tried next.
    /// </summary>
    private static async Task<(string OrderId, OrderRead Read)> ReadAsync(CommandContext context, string stream, string given, CancellationToken cancellationToken)
    {
        if (given.StartsWith("arn:", StringComparison.Ordinal))
        {
            var orderId = await OrderOfExecutionAsync(context, given, cancellationToken).ConfigureAwait(false)
                ?? throw new CliException($"execution '{given}' not found at {context.EndpointText}, or its input names no order");
            return (orderId, await OrderReader.ReadAsync(context, stream, orderId, cancellationToken).ConfigureAwait(false));
        }

        var read = await OrderReader.ReadAsync(context, stream, given, cancellationToken).ConfigureAwait(false);
        if (!read.IsEmpty)
        {
            return (given, read);
        }

        var machine = await StateMachineResolver.TryArnAsync(context, cancellationToken).ConfigureAwait(false);
        if (machine is not null
            && await OrderOfExecutionAsync(context, StepFunctionsClient.ExecutionArn(machine, given), cancellationToken).ConfigureAwait(false) is { } owner)
        {
            context.Status($"'{given}' is an execution of order {owner}");
            return (owner, await OrderReader.ReadAsync(context, stream, owner, cancellationToken).ConfigureAwait(false));
        }

        return (given, read);
    }

    /// <summary>The outcome events among <paramref name="events"/> the workflow did not write; KMS's refusal to answer is an error, never a verdict.</summary>
    private static async Task<IReadOnlyDictionary<Shared.Envelope.CloudEvent, string>> RefusalsAsync(CommandContext context, IReadOnlyList<Shared.Envelope.CloudEvent> events, CancellationToken cancellationToken)
    {
        if (!events.Any(e => Shared.Envelope.EventTypes.IsOutcome(e.Type)))
        {
            return new Dictionary<Shared.Envelope.CloudEvent, string>();
        }

        var key = await context.OutcomeKeyAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await context.OutcomeVerifier(key).RefusalsAsync(events, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e)
        {
            throw new CliException($"cannot check the workflow's signature on the order's outcome with key '{key}' at {context.EndpointText} ({e.ErrorCode}: {e.ServiceMessage}); deploy the current template (it creates the key) or pass --stack", CliException.Failure, e);
        }
    }

    private static async Task<string?> OrderOfExecutionAsync(CommandContext context, string executionArn, CancellationToken cancellationToken)
    {
        try
        {
            var described = await context.StepFunctions().DescribeExecutionAsync(executionArn, cancellationToken).ConfigureAwait(false);
            return ExecutionData.OrderId(described.Input);
        }
        catch (AwsServiceException e) when (e.ErrorCode is "ExecutionDoesNotExist" or "InvalidArn")
        {
            return null;
        }
    }

    private static HistoryReport Report(string id, string stream, IReadOnlyList<Shard> shards, OrderHistory history, IReadOnlyList<HistoryEntry> events, IReadOnlyList<UnreadableRecord> unreadable)
    {
        var s = history.State;
        return new HistoryReport
        {
            OrderId = id,
            Stream = stream,
            Status = s.Status.ToString().ToLowerInvariant(),
            CustomerId = s.CustomerId,
            Currency = s.Currency,
            Total = s.Total,
            LineCount = s.LineCount,
            AuthorizationId = s.AuthorizationId,
            Reason = s.Status == OrderStatus.Rejected ? new RejectionReason(s.RejectionError, s.RejectionCause) : null,
            PlacedAt = s.PlacedAt,
            DecidedAt = s.DecidedAt,
            Duplicates = history.Duplicates,
            Conflicts = s.Conflicts,
            Shards = [.. shards.Select(x => x.ShardId)],
            Events = events,
            Unreadable = unreadable,
        };
    }

    private static void Print(CommandContext context, HistoryReport r)
    {
        if (context.Json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(r, CliJsonContext.Default.HistoryReport));
            return;
        }

        var lines = new List<(string, string)> { ("order", r.OrderId), ("status", r.Status) };
        if (r.Reason is { } reason)
        {
            lines.Add(("reason", $"{reason.Error}: {reason.Cause}"));
        }

        if (r.CustomerId is not null)
        {
            lines.Add(("customer", r.CustomerId));
        }

        if (r.Total is { } total)
        {
            lines.Add(("total", string.Create(CultureInfo.InvariantCulture, $"{total} {r.Currency} ({r.LineCount} lines)")));
        }

        if (r.AuthorizationId is not null)
        {
            lines.Add(("authorization", r.AuthorizationId));
        }

        if (r.PlacedAt is { } placed && r.DecidedAt is { } decided)
        {
            lines.Add(("decided after", string.Create(CultureInfo.InvariantCulture, $"{(decided - placed).TotalSeconds:F3} s")));
        }

        lines.Add(("events", string.Create(CultureInfo.InvariantCulture, $"{r.Events.Count} ({r.Duplicates} duplicates dropped) from {string.Join(", ", r.Shards)} of {r.Stream}")));
        if (r.Archive is { } archive)
        {
            var notEvents = archive.Unreadable.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({archive.Unreadable.Count} documents there are not events)") : "";
            lines.Add(("archive", string.Create(CultureInfo.InvariantCulture,
                $"{archive.EventsAdded} events the stream no longer holds, from {archive.ObjectsRead} objects of s3://{archive.Bucket}/{archive.Prefix} since {Time(archive.From)}{notEvents}")));
        }
        foreach (var execution in r.Executions)
        {
            lines.Add(("execution", $"{execution} (sluice watch {execution})"));
        }

        if (r.Conflicts > 0)
        {
            lines.Add(("conflicts", string.Create(CultureInfo.InvariantCulture, $"{r.Conflicts} outcome events after the first (the first stands)")));
        }

        foreach (var u in r.Untrusted)
        {
            lines.Add(("untrusted", $"{u.Type} {u.Id} from '{u.Source}' at {u.Archive ?? $"{u.ShardId}/{u.SequenceNumber}"} left out: {u.Reason}"));
        }

        TextOutput.KeyValues(context, lines);
        context.Out.WriteLine();
        TextOutput.Table(context, ["time", "type", "id", "source", "shard", "sequence"],
        [
            .. r.Events.Select(e => (IReadOnlyList<string>)[Time(e.Time), e.Type, e.Id, e.Source, e.ShardId ?? "archive", e.SequenceNumber ?? e.Archive ?? "-"]),
            .. r.Unreadable.Select(u => (IReadOnlyList<string>)["-", "(unreadable)", u.Problem, "-", u.ShardId, u.SequenceNumber]),
        ]);
    }

    private static string Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) ?? "-";
}
