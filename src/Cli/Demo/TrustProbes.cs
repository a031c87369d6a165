using System.Security.Cryptography;
using System.Text;
using Sluice.Cli.Put;
using Sluice.Shared.Domain;
using Sluice.Shared.Envelope;

namespace Sluice.Cli.Demo;

/// <summary>
/// Records the demo puts after its orders to prove the contracts' identity and trust rules
/// (docs/contracts.md): a declined order with two forged <c>order.confirmed</c> events for it (one
/// from a producer's source, one claiming the workflow's source and outcome id with a made-up
/// signature), and three orders sharing one event id: two from the generator's source with different
/// content (one runs, the other is a conflict on the rejected queue) and one from another source (its
/// own event: it runs too). Made from the demo's seed, so a seed gives the same records.
/// </summary>
internal sealed class TrustProbes
{
    /// <summary>The source of the order that shares an id with the generator's: another producer.</summary>
    public const string OtherSource = "sluice/demo-partner";

    private const string ProbeKind = "probe";

    private TrustProbes(PutOrder declined, PutOrder forgedByProducer, PutOrder forgedAsWorkflow, PutOrder original, PutOrder sameSource, PutOrder otherSource, IReadOnlyList<OutgoingRecord> records)
    {
        Declined = declined;
        ForgedByProducer = forgedByProducer;
        ForgedAsWorkflow = forgedAsWorkflow;
        Original = original;
        SameSource = sameSource;
        OtherSourceOrder = otherSource;
        Records = records;
    }

    public PutOrder Declined { get; }

    public PutOrder ForgedByProducer { get; }

    public PutOrder ForgedAsWorkflow { get; }

    public PutOrder Original { get; }

    public PutOrder SameSource { get; }

    public PutOrder OtherSourceOrder { get; }

    /// <summary>The records to put, in this order.</summary>
    public IReadOnlyList<OutgoingRecord> Records { get; }

    /// <summary>Every probe record, for the observer to follow to its end.</summary>
    public IReadOnlyList<PutOrder> All => [Declined, ForgedByProducer, ForgedAsWorkflow, Original, SameSource, OtherSourceOrder];

    public static TrustProbes Create(int seed, TimeProvider clock)
    {
        var generator = new OrderGenerator(unchecked(seed * 31 + 7), OrderMix.Default, clock);
        var declined = generator.Next(OrderKind.Declined);
        var time = clock.GetUtcNow();
        var confirmed = new OrderConfirmed(declined.PartitionKey, "cust-0000", 1m, "EUR", "auth-forged", declined.EventId);

        // A producer writes the confirmation itself: another source, no signature.
        var byProducerId = "forged-" + declined.EventId;
        var byProducer = new OutgoingRecord(byProducerId, declined.PartitionKey,
            CloudEventWriter.Write(byProducerId, OrderGenerator.Source, EventTypes.OrderConfirmed, declined.PartitionKey, time, confirmed, DomainJsonContext.Default.OrderConfirmed), OrderKind.Other);
        // A producer claims the workflow's source and the outcome's own id, with a signature it made up.
        var asWorkflow = new OutgoingRecord(OrderOutcome.EventIdFor(declined.PartitionKey), declined.PartitionKey,
            OutcomeSignature.Attach(OrderOutcome.Write(confirmed, time), SHA256.HashData(Encoding.UTF8.GetBytes("made up for " + declined.EventId))), OrderKind.Other);

        var original = generator.Next(OrderKind.Valid);
        var sameSource = generator.Next(OrderKind.Valid, original.EventId);
        var otherSource = generator.Next(OrderKind.Valid, original.EventId, OtherSource);
        return new TrustProbes(
            PutOrder.From(declined, kind: ProbeKind),
            PutOrder.From(byProducer, kind: ProbeKind),
            PutOrder.From(asWorkflow, OrderOutcome.Source, ProbeKind),
            PutOrder.From(original, kind: ProbeKind),
            PutOrder.From(sameSource, kind: ProbeKind),
            PutOrder.From(otherSource, OtherSource, ProbeKind),
            [declined, byProducer, asWorkflow, original, sameSource, otherSource]);
    }

    /// <summary>What the pipeline did with each probe, against what the contracts say it must do.</summary>
    public IReadOnlyList<ProbeResult> Check(PipelineSeen seen)
    {
        ArgumentNullException.ThrowIfNull(seen);
        var outcomes = seen.Outcomes.Values.ToLookup(o => o.OrderId, StringComparer.Ordinal);
        var executions = seen.Executions.ToLookup(e => e.Name, StringComparer.Ordinal);

        // An order ran when it has one execution, ended, and one outcome the workflow wrote.
        (bool Ran, string Seen, string Brief) Fate(PutOrder order)
        {
            if (seen.RejectionOf(order) is { } rejection)
            {
                return (false, $"on the rejected queue ({rejection.Type}): {rejection.Reason}",
                    rejection.Type == EventTypes.ProcessorRejected ? "a conflict on the rejected queue" : "rejected at ingest");
            }

            var own = executions[order.ExecutionName].ToList();
            var terminal = own.Where(e => e.Status != "RUNNING").ToList();
            var decided = outcomes[order.OrderId].ToList();
            if (own.Count == 1 && terminal.Count == 1 && decided.Count == 1)
            {
                return (true, $"ran as execution {order.ExecutionName} ({terminal[0].Status}, {decided[0].Label})", $"ran ({decided[0].Label})");
            }

            var counts = $"{own.Count} executions ({terminal.Count} ended), {decided.Count} outcome events from the workflow";
            return (false, counts, counts);
        }

        var declined = Fate(Declined);
        var original = Fate(Original);
        var sameSource = Fate(SameSource);
        var otherSource = Fate(OtherSourceOrder);
        var conflicts = new[] { Original, SameSource }.Count(o => seen.RejectionOf(o) is { Type: EventTypes.ProcessorRejected });
        return
        [
            Forged(seen, ForgedByProducer, "forged order.confirmed from a producer's source"),
            Forged(seen, ForgedAsWorkflow, "forged order.confirmed with the workflow's source and outcome id, signature made up"),
            new ProbeResult($"order {Declined.OrderId}, declined, which both claim to confirm", "the workflow's own outcome decides: rejected:PaymentDeclined",
                declined.Seen, declined.Ran && outcomes[Declined.OrderId].Single().Label == "rejected:PaymentDeclined",
                $"the declined order they claim to confirm: {declined.Brief}"),
            // Which of the two reaches the Processor first is a race; either way one runs and the other is a conflict.
            new ProbeResult($"orders {Original.OrderId} and {SameSource.OrderId}: the same (source '{Original.Source}', id '{Original.EventId}'), different content",
                "one runs; the other goes to the rejected queue as a conflict, with the reason",
                $"{Original.OrderId} {original.Seen}; {SameSource.OrderId} {sameSource.Seen}",
                conflicts == 1 && original.Ran != sameSource.Ran,
                $"two orders, same source and id, other content: one {(original.Ran ? original.Brief : sameSource.Brief)}, the other {(original.Ran ? sameSource.Brief : original.Brief)}"),
            new ProbeResult($"order {OtherSourceOrder.OrderId}: the same id from source '{OtherSource}'",
                "another event: it runs as its own execution", $"{OtherSourceOrder.OrderId} {otherSource.Seen}",
                otherSource.Ran && OtherSourceOrder.ExecutionName != Original.ExecutionName,
                $"the same id from another source: {otherSource.Brief}, as its own execution"),
        ];
    }

    private static ProbeResult Forged(PipelineSeen seen, PutOrder forged, string what)
    {
        var refused = seen.RejectionOf(forged) is { Type: EventTypes.IngestRejected } r ? r : null;
        var leftOut = seen.Untrusted.Values.FirstOrDefault(u => u.OrderId == forged.OrderId && u.Source == forged.Source && u.Id == forged.EventId);
        var happened = (refused is not null ? $"refused at ingest: {refused.Reason}" : "not refused at ingest")
            + "; " + (leftOut is not null ? $"left out by the reader: {leftOut.Reason}" : "not seen as untrusted by the reader");
        return new ProbeResult($"{what} for order {forged.OrderId}", "refused at ingest with the reason, and left out by every reader", happened, refused is not null && leftOut is not null,
            $"{what}: {(refused is not null ? "refused at ingest" : "NOT refused at ingest")}, {(leftOut is not null ? "left out by the reader" : "NOT left out by the reader")}");
    }
}

/// <summary>One identity or trust probe: what was put, what the contracts say must happen, what happened (in full, and in brief for the summary's line).</summary>
internal sealed record ProbeResult(string Probe, string Expected, string Seen, bool Passed, string Brief);
