using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sluice.Shared.Aws;
using Sluice.Shared.Domain;
using Sluice.Shared.Envelope;

namespace Sluice.Cli.History;

/// <summary><c>sluice history &lt;order-id&gt;</c>: the order's events from its shard, folded into its state.</summary>
internal static class HistoryCommand
{
    public static readonly IReadOnlyList<string> Examples =
    [
        "sluice history ord-b74d2555175d",
        "sluice history 0b6f3c9e-2d1a-4c55-9a7e-1f2e3d4c5b6a   # an execution name (the event id) works too",
        "sluice history ord-b74d2555175d --aws --stack sluice-staging --json",
    ];

    public static Command Create(CliHost host, CommonOptions common)
    {
        var orderId = new Argument<string>("order-id") { Description = "The order id (the events' subject and partition key)" };
        orderId.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is not { Length: >= 1 and <= 256 })
            {
                r.AddError("order-id must have 1 to 256 characters (it is a partition key)");
            }
        });
        var command = new Command("history", "Read an order's events from its shard and print its state (the fold of those events)") { orderId };
        command.SetAction(SluiceCommand.Action(host, common, async (context, cancellationToken) =>
        {
            var id = context.Parse.GetValue(orderId)!;
            var stream = await context.StreamAsync(cancellationToken).ConfigureAwait(false);
            var kinesis = context.Kinesis();
            var found = new List<(CloudEvent Event, string Shard, string Sequence)>();
            var unreadable = new List<UnreadableRecord>();
            IReadOnlyList<Shard> shards;
            var pause = context.Aws.EndpointUrl is null ? TimeSpan.FromMilliseconds(200) : TimeSpan.Zero;
            try
            {
                shards = await ShardLocator.ShardsForAsync(kinesis, stream, id, cancellationToken).ConfigureAwait(false);
                foreach (var shard in shards)
                {
                    await ShardReader.ReadAsync(kinesis, stream, shard.ShardId, record =>
                    {
                        if (record.PartitionKey != id)
                        {
                            return;
                        }

                        var parsed = CloudEventParser.Parse(record.Data);
                        if (parsed.IsValid)
                        {
                            found.Add((parsed.Event, shard.ShardId, record.SequenceNumber));
                        }
                        else
                        {
                            unreadable.Add(new UnreadableRecord(shard.ShardId, record.SequenceNumber, parsed.Problem));
                        }
                    }, cancellationToken, pause, host.Delay).ConfigureAwait(false);
                }
            }
            catch (AwsServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
            {
                throw new CliException($"stream '{stream}' not found at {context.EndpointText} ({e.ServiceMessage}); pass --stream or --stack", CliException.Failure, e);
            }

            var history = OrderFold.Fold(id, found.Select(f => f.Event));
            var kept = history.Events.ToHashSet(ReferenceEqualityComparer.Instance);
            var report = Report(id, stream, shards, history,
                [.. found.Where(f => kept.Remove(f.Event)).Select(f => new HistoryEntry(f.Event.Id, f.Event.Type, f.Event.Source, f.Event.Time, f.Shard, f.Sequence, f.Event.Data))],
                unreadable);
            Print(context, report);
            if (report.Events.Count == 0 && report.Unreadable.Count == 0)
            {
                context.Status($"sluice: no events for order '{id}' in stream '{stream}'");
                return CliException.Failure;
            }

            return 0;
        }));
        return command;
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
        if (r.Conflicts > 0)
        {
            lines.Add(("conflicts", string.Create(CultureInfo.InvariantCulture, $"{r.Conflicts} outcome events after the first (the first stands)")));
        }

        TextOutput.KeyValues(context, lines);
        context.Out.WriteLine();
        TextOutput.Table(context, ["time", "type", "id", "source", "shard", "sequence"],
        [
            .. r.Events.Select(e => (IReadOnlyList<string>)[Time(e.Time), e.Type, e.Id, e.Source, e.ShardId, e.SequenceNumber]),
            .. r.Unreadable.Select(u => (IReadOnlyList<string>)["-", "(unreadable)", u.Problem, "-", u.ShardId, u.SequenceNumber]),
        ]);
    }

    private static string Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) ?? "-";
}
