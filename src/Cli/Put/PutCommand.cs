using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sluice.Shared.Aws;
using Spectre.Console;

namespace Sluice.Cli.Put;

/// <summary><c>sluice put</c>: orders into the stream, from a file or the generator.</summary>
internal static class PutCommand
{
    public static readonly IReadOnlyList<string> Examples =
    [
        "sluice put --count 1000 --rate 200 --seed 7",
        "sluice put --mix valid=1                  # only valid orders",
        "sluice put --file orders.ndjson --json",
    ];

    public static Command Create(CliHost host, CommonOptions common)
    {
        var file = new Option<FileInfo>("--file") { Description = "NDJSON file of CloudEvents to put, one per line (instead of generating)", HelpName = "path" };
        var count = NumberOptions.Int("--count", "How many orders to generate", 100, 1, 10_000_000);
        var rate = NumberOptions.OptionalDouble("--rate", "Records per second [default: as fast as the stream takes them]", 0.001, 1_000_000);
        var mix = new Option<string>("--mix") { Description = "Generated kinds and their weights", DefaultValueFactory = _ => OrderMix.DefaultText, HelpName = "kind=weight,..." };
        var seed = NumberOptions.OptionalInt("--seed", "Seed of the generator: the same seed gives the same orders and event ids [default: random]", int.MinValue, int.MaxValue);
        var attempts = NumberOptions.Int("--max-attempts", "Attempts per record before it is reported as not put", 10, 1, 100);

        var command = new Command("put", "Put orders into the stream (PutRecords in batches, retrying only the entries Kinesis reports failed)")
        {
            file, count, rate, mix, seed, attempts,
        };
        command.Validators.Add(r =>
        {
            if (r.GetResult(file) is not null && (r.GetResult(count) is { Implicit: false } || r.GetResult(mix) is { Implicit: false } || r.GetResult(seed) is not null))
            {
                r.AddError("--file cannot be combined with --count, --mix or --seed");
            }
        });
        command.SetAction(SluiceCommand.Action(host, common, async (context, cancellationToken) =>
        {
            var parse = context.Parse;
            var settings = new PutSettings { Rate = parse.GetValue(rate), MaxAttempts = parse.GetValue(attempts) };
            IEnumerable<OutgoingRecord> records;
            int total;
            int? usedSeed = null;
            if (parse.GetValue(file) is { } path)
            {
                var read = NdjsonFile.Read(path.FullName);
                (records, total) = (read, read.Count);
                if (total == 0)
                {
                    throw new CliException($"--file: '{path.FullName}' holds no events", CliException.Usage);
                }
            }
            else
            {
                var orderMix = OrderMix.Parse(parse.GetValue(mix)!);
                usedSeed = parse.GetValue(seed) ?? Random.Shared.Next();
                var generator = new OrderGenerator(usedSeed.Value, orderMix, host.Clock);
                total = parse.GetValue(count);
                records = generator.Generate(total);
            }

            var stream = await context.StreamAsync(cancellationToken).ConfigureAwait(false);
            var putter = new RecordPutter(context.Kinesis(), stream, settings, host);
            PutSummary summary;
            try
            {
                summary = await RunAsync(context, putter, records, total, cancellationToken).ConfigureAwait(false) with { Seed = usedSeed };
            }
            catch (AwsServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
            {
                throw new CliException($"stream '{stream}' not found at {context.EndpointText} ({e.ServiceMessage}); pass --stream or --stack", CliException.Failure, e);
            }

            Print(context, summary);
            if (summary.Interrupted)
            {
                context.Status($"sluice: interrupted: {summary.Put} of {summary.Requested} records put, {summary.InFlight} in flight (they may or may not be in the stream), {summary.NotSent} not sent");
                return 130;
            }

            if (summary.Failed > 0)
            {
                context.Status($"sluice: {summary.Failed} of {summary.Records} records were not put (see the summary)");
                return CliException.Failure;
            }

            return 0;
        }));
        return command;
    }

    private static async Task<PutSummary> RunAsync(CommandContext context, RecordPutter putter, IEnumerable<OutgoingRecord> records, int total, CancellationToken cancellationToken)
    {
        if (context.Terminal is { } console)
        {
            PutSummary? summary = null;
            await console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask($"put 0/{total}", maxValue: total);
                    summary = await putter.PutAsync(records, total, p =>
                    {
                        task.Value = p.Put + p.Failed;
                        task.Description = string.Create(CultureInfo.InvariantCulture, $"put {p.Put}/{p.Total} ({p.Rate:F0} records/s)");
                    }, cancellationToken).ConfigureAwait(false);
                }).ConfigureAwait(false);
            return summary!;
        }

        TimeSpan? lastLine = null;
        return await putter.PutAsync(records, total, p =>
        {
            if (lastLine is null || p.Elapsed - lastLine >= TimeSpan.FromSeconds(1) || p.Put + p.Failed >= p.Total)
            {
                lastLine = p.Elapsed;
                context.Status(string.Create(CultureInfo.InvariantCulture, $"put {p.Put}/{p.Total} records ({p.Rate:F1} records/s)"));
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    private static void Print(CommandContext context, PutSummary s)
    {
        if (context.Json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(s, CliJsonContext.Default.PutSummary));
            return;
        }

        var kinds = string.Join(", ", s.ByKind.Select(k => $"{k.Key} {k.Value}"));
        var lines = new List<(string, string)>
        {
            ("stream", s.Stream),
            ("source", s.Seed is { } seed ? $"generator, --seed {seed.ToString(CultureInfo.InvariantCulture)}" : "file"),
            ("records put", $"{s.Put} of {s.Requested}" + (kinds.Length > 0 ? $" ({kinds})" : string.Empty)),
            ("batches", $"{s.Batches} ({s.Calls} PutRecords calls)"),
            ("retried entries", s.Retries.ToString(CultureInfo.InvariantCulture)),
            ("throttled entries", s.Throttled.ToString(CultureInfo.InvariantCulture)),
            ("failed", s.Failed.ToString(CultureInfo.InvariantCulture)),
            ("duration", string.Create(CultureInfo.InvariantCulture, $"{s.DurationSeconds:F2} s")),
            ("rate", string.Create(CultureInfo.InvariantCulture, $"{s.RecordsPerSecond:F1} records/s")),
        };
        if (s.Interrupted)
        {
            lines.Insert(lines.FindIndex(l => l.Item1 == "failed") + 1,
                ("interrupted", string.Create(CultureInfo.InvariantCulture, $"{s.InFlight} in flight (they may or may not be in the stream), {s.NotSent} not sent")));
        }

        TextOutput.KeyValues(context, lines);
        if (s.NotPut.Count > 0)
        {
            context.Out.WriteLine("not put:");
            foreach (var record in s.NotPut.Take(20))
            {
                context.Out.WriteLine($"  {record.EventId} (order {record.PartitionKey}): {record.ErrorCode} {record.ErrorMessage}");
            }

            if (s.NotPut.Count > 20)
            {
                context.Out.WriteLine($"  ... and {s.NotPut.Count - 20} more (--json lists all)");
            }
        }
    }
}
