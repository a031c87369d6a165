using System.Globalization;
using System.Text;
using System.Text.Json;
using Sluice.Shared.Domain;
using Sluice.Shared.Envelope;

namespace Sluice.Cli.Put;

/// <summary>
/// Generates order.placed events (docs/contracts.md) of the kinds in a mix. Everything but
/// <c>time</c> follows from the seed, so a seed reproduces the same orders and event ids (putting
/// them twice is a duplicate delivery, which the pipeline must absorb); <c>time</c> is the
/// production time, read from the clock when each record is made, so latency can be measured.
/// </summary>
internal sealed class OrderGenerator(int seed, OrderMix mix, TimeProvider clock)
{
    public const string Source = "sluice/generator";

    private static readonly string[] s_currencies = ["EUR", "USD", "GBP"];
    private static readonly string[] s_tokens = ["tok_visa", "tok_mastercard", "tok_amex"];

    private readonly Random _random = new(seed);

    public IEnumerable<OutgoingRecord> Generate(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return Next();
        }
    }

    public OutgoingRecord Next() => Next(mix.Pick(_random.Next(mix.Total)));

    /// <summary>
    /// A record of <paramref name="kind"/>. <paramref name="eventId"/> and <paramref name="source"/>
    /// replace the drawn event id and the generator's source (the demo's shared-id orders); the draws
    /// are the same either way, so a seed still gives the same orders.
    /// </summary>
    public OutgoingRecord Next(OrderKind kind, string? eventId = null, string source = Source)
    {
        var drawnId = NextGuid();
        eventId ??= drawnId;
        var orderId = "ord-" + Hex(6);
        var order = new OrderPlaced(
            orderId,
            "cust-" + _random.Next(1, 10_000).ToString("D4", CultureInfo.InvariantCulture),
            s_currencies[_random.Next(s_currencies.Length)],
            kind == OrderKind.Declined ? OrderRules.DeclinedToken : s_tokens[_random.Next(s_tokens.Length)],
            Lines(kind == OrderKind.OutOfStock));
        var now = clock.GetUtcNow();
        var data = kind == OrderKind.Malformed ? Malformed(eventId, order, now) : Write(eventId, order, now, source);
        return new OutgoingRecord(eventId, orderId, data, kind);
    }

    private List<OrderLine> Lines(bool outOfStock)
    {
        var count = _random.Next(1, 4);
        var lines = new List<OrderLine>(count);
        var oosLine = outOfStock ? _random.Next(count) : -1;
        for (var i = 0; i < count; i++)
        {
            var sku = (i == oosLine ? OrderRules.OutOfStockPrefix : "SKU-") + _random.Next(100, 1000).ToString(CultureInfo.InvariantCulture);
            lines.Add(new OrderLine(sku, _random.Next(1, 6), _random.Next(100, 10_000) / 100m));
        }

        return lines;
    }

    internal static byte[] Write(string eventId, OrderPlaced order, DateTimeOffset time, string source = Source) =>
        CloudEventWriter.Write(eventId, source, EventTypes.OrderPlaced, order.OrderId, time, order, WriteData);

    private static void WriteData(Utf8JsonWriter w, OrderPlaced order)
    {
        w.WriteString("orderId", order.OrderId);
        w.WriteString("customerId", order.CustomerId);
        w.WriteString("currency", order.Currency);
        w.WriteString("paymentToken", order.PaymentToken);
        w.WriteStartArray("lines");
        foreach (var line in order.Lines)
        {
            w.WriteStartObject();
            w.WriteString("sku", line.Sku);
            w.WriteNumber("quantity", line.Quantity);
            w.WriteNumber("unitPrice", line.UnitPrice);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>
    /// One of the ways producers get it wrong: JSON cut short, a required envelope attribute
    /// missing (Ingest rejects both), or data of the wrong types (the workflow's validation rejects it).
    /// </summary>
    private byte[] Malformed(string eventId, OrderPlaced order, DateTimeOffset time)
    {
        var valid = Write(eventId, order, time);
        switch (_random.Next(3))
        {
            case 0:
                return valid[..(valid.Length / 2)];
            case 1:
                var text = Encoding.UTF8.GetString(valid);
                var attribute = _random.Next(2) == 0 ? "\"id\"" : "\"specversion\"";
                var start = text.IndexOf(attribute, StringComparison.Ordinal);
                var end = text.IndexOf(',', start) + 1;
                return Encoding.UTF8.GetBytes(text.Remove(start, end - start));
            default:
                return CloudEventWriter.Write(eventId, Source, EventTypes.OrderPlaced, order.OrderId, time, order, static (w, o) =>
                {
                    w.WriteString("orderId", o.OrderId);
                    w.WriteString("customerId", o.CustomerId);
                    w.WriteNumber("currency", 978);
                    w.WriteString("paymentToken", o.PaymentToken);
                    w.WriteString("lines", "two widgets");
                });
        }
    }

    private string NextGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }

    private string Hex(int bytes)
    {
        Span<byte> buffer = stackalloc byte[bytes];
        _random.NextBytes(buffer);
        return Convert.ToHexStringLower(buffer);
    }
}
