using System.CommandLine;
using System.Globalization;
using Sluice.Cli.Connection;
using Sluice.Cli.Put;
using Sluice.Cli.Up;
using Sluice.Shared.Aws;
using Sluice.Shared.Aws.CloudFormation;
using Sluice.Shared.Aws.Sqs;

namespace Sluice.Cli.Demo;

/// <summary>
/// <c>sluice demo</c>: `up` in this process, a mixed batch put with `put`'s generator and putter,
/// followed to the end, then a summary and the check that every valid order ended exactly once.
/// </summary>
internal static class DemoCommand
{
    public static readonly IReadOnlyList<string> Examples =
    [
        "sluice demo",
        "sluice demo --count 30 --seed 1 --json",
    ];

    private static readonly TimeSpan s_poll = TimeSpan.FromSeconds(1);

    public static Command Create(CliHost host, CommonOptions common)
    {
        var up = new UpOptions(0, "Loopback port of the local cloud; 0 picks a free one");
        var count = NumberOptions.Int("--count", "How many orders to put", 1000, 1, 100_000);
        var seed = NumberOptions.OptionalInt("--seed", "Seed of the generator: the same seed gives the same orders [default: random]", int.MinValue, int.MaxValue);
        var timeout = NumberOptions.Int("--timeout", "Seconds to wait for the pipeline to settle after the put", 600, 1, 86_400);
        var command = new Command("demo", "Run the whole pipeline locally: start the local cloud, put a mixed batch, follow it to the end, print a summary and check every valid order ended exactly once");
        foreach (var option in up.All)
        {
            command.Options.Add(option);
        }
        command.Options.Add(count);
        command.Options.Add(seed);
        command.Options.Add(timeout);
        command.SetAction(SluiceCommand.Action(host, common, async (context, cancellationToken) =>
        {
            var started = host.Clock.GetUtcNow();
            var settings = up.Read(context);
            context.Status($"demo: starting the local cloud with {settings.TemplatePath}");
            await using var cloud = await RunningCloud.StartAsync(host, settings, context.Status, cancellationToken).ConfigureAwait(false);
            if (cloud.Stack is null)
            {
                throw new CliException("the local cloud started without the demo's stack");
            }

            var aws = ConnectionSettings.Resolve(cloud.Endpoint, false, null, null, host.Environment);
            using var http = host.HttpFactory();
            var (stream, machine, queue, key) = await DeployedAsync(new CloudFormationClient(aws, http), settings.StackName, cancellationToken).ConfigureAwait(false);
            context.Status($"demo: local cloud on {cloud.Endpoint}; stream {stream}");

            var kinesis = new KinesisClient(aws, http);
            var usedSeed = context.Parse.GetValue(seed) ?? Random.Shared.Next();
            var total = context.Parse.GetValue(count);
            var records = new OrderGenerator(usedSeed, OrderMix.Default, host.Clock).Generate(total).ToList();
            var orders = records.Select(r => PutOrder.From(r)).ToList();
            // After the orders: forged outcomes and shared event ids, which the check follows too.
            var probes = TrustProbes.Create(usedSeed, host.Clock);
            records.AddRange(probes.Records);

            context.Status($"demo: putting {total} orders and {probes.Records.Count} identity and trust probes (--seed {usedSeed.ToString(CultureInfo.InvariantCulture)})");
            var putter = new RecordPutter(kinesis, stream, new PutSettings(), host);
            TimeSpan? lastLine = null;
            var put = await putter.PutAsync(records, records.Count, p =>
            {
                if (lastLine is null || p.Elapsed - lastLine >= TimeSpan.FromSeconds(2) || p.Put + p.Failed >= p.Total)
                {
                    lastLine = p.Elapsed;
                    context.Status(string.Create(CultureInfo.InvariantCulture, $"demo: put {p.Put}/{p.Total} ({p.Rate:F0} records/s)"));
                }
            }, cancellationToken).ConfigureAwait(false);

            var verifier = Shared.Domain.OutcomeVerifier.ForKey(new Shared.Aws.Kms.KmsClient(aws, http), key);
            var observer = new PipelineObserver(kinesis, new StepFunctionsClient(aws, http), new SqsClient(aws, http), verifier, stream, machine, queue, [.. orders, .. probes.All]);
            string? stopped = null;
            if (put.Interrupted)
            {
                stopped = $"interrupted by Ctrl-C while putting: {put.Put} of {total} orders put";
            }
            else
            {
                try
                {
                    if (!await FollowAsync(context, observer, put.Put, TimeSpan.FromSeconds(context.Parse.GetValue(timeout)), cancellationToken).ConfigureAwait(false))
                    {
                        stopped = $"the pipeline did not settle within --timeout {context.Parse.GetValue(timeout).ToString(CultureInfo.InvariantCulture)} s";
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    stopped = "interrupted by Ctrl-C while following the pipeline";
                }
            }

            var view = new RunningCloudView(cloud.Endpoint,
                cloud.Functions().ToDictionary(f => f.FunctionName, f => f.ColdStarts, StringComparer.Ordinal),
                cloud.Functions().ToDictionary(f => f.FunctionName, f => f.Invocations, StringComparer.Ordinal));
            var summary = DemoReport.Build(observer.Seen, orders, put.Interrupted ? null : probes, Math.Min(put.Put, total), view, usedSeed, host.Clock.GetUtcNow() - started);
            if (cancellationToken.IsCancellationRequested)
            {
                // Unfinished orders are expected after Ctrl-C: say how many rather than list each.
                var unsettled = summary.ValidOrders - summary.OrdersByOutcome.Values.Sum();
                summary = summary with
                {
                    Interrupted = true,
                    Problems = [stopped!, $"{Math.Max(0, unsettled).ToString(CultureInfo.InvariantCulture)} of {summary.ValidOrders.ToString(CultureInfo.InvariantCulture)} valid orders had no outcome yet"],
                };
            }
            else if (stopped is not null)
            {
                summary = summary with { Problems = [stopped, .. summary.Problems] };
            }

            DemoReport.Print(context, summary);
            if (summary.Interrupted)
            {
                context.Status("sluice: demo interrupted; the summary above is what was seen so far");
                return 130;
            }

            if (!summary.CheckPassed)
            {
                context.Status($"sluice: demo check failed: {summary.Problems[0]}");
                return CliException.Failure;
            }

            return 0;
        }));
        return command;
    }

    /// <summary>The stream, state machine and rejected queue, read from the deployed stack as a user would: its outputs and resources.</summary>
    private static async Task<(string Stream, string StateMachine, string RejectedQueue, string OutcomeKey)> DeployedAsync(CloudFormationClient cfn, string stackName, CancellationToken cancellationToken)
    {
        var stack = await cfn.FindStackAsync(stackName, cancellationToken).ConfigureAwait(false)
            ?? throw new CliException($"the local cloud has no stack '{stackName}' after deploying the template");
        var outputs = stack.OutputValues;
        var stream = outputs.GetValueOrDefault("OrderStreamName") ?? throw new CliException("the template has no OrderStreamName output");
        var machine = outputs.GetValueOrDefault("OrderFulfilmentStateMachineArn") ?? throw new CliException("the template has no OrderFulfilmentStateMachineArn output");
        var key = outputs.GetValueOrDefault("OutcomeKeyArn") ?? throw new CliException("the template has no OutcomeKeyArn output");
        await foreach (var page in cfn.ListStackResourcesPagesAsync(stackName, cancellationToken).ConfigureAwait(false))
        {
            if (page.Items.FirstOrDefault(r => r.LogicalResourceId == "RejectedQueue")?.PhysicalResourceId is { } queue)
            {
                return (stream, machine, queue, key);
            }
        }

        throw new CliException("the template has no RejectedQueue");
    }

    /// <summary>Polls until every put record has reached its end and two more reads change nothing, or the timeout.</summary>
    private static async Task<bool> FollowAsync(CommandContext context, PipelineObserver observer, int put, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = context.Host.Clock.GetUtcNow() + timeout;
        var stableReads = 0;
        var lastLine = DateTimeOffset.MinValue;
        var previous = (-1, -1, -1);
        while (context.Host.Clock.GetUtcNow() < deadline)
        {
            var done = await observer.RefreshAsync(cancellationToken).ConfigureAwait(false);
            var now = context.Host.Clock.GetUtcNow();
            if (now - lastLine >= TimeSpan.FromSeconds(3) || done >= put)
            {
                lastLine = now;
                context.Status($"demo: {done}/{put} records settled ({observer.Seen.Executions.Count} executions, {observer.Seen.Outcomes.Count} outcome events)");
            }
            // Settled, and then unchanged for two reads: a late duplicate execution or event would show here.
            var current = (done, observer.Seen.Executions.Count, observer.Seen.Outcomes.Count);
            stableReads = done >= put && current == previous ? stableReads + 1 : 0;
            if (stableReads >= 2)
            {
                return true;
            }
            previous = current;
            await context.Host.Delay(s_poll, cancellationToken).ConfigureAwait(false);
        }
        return false;
    }
}
