using System.Text;
using System.Text.Json;
using Sluice.Shared.Domain;
using Sluice.Shared.Envelope;

namespace Sluice.Cli.Put;

/// <summary>
/// Reads an NDJSON file of CloudEvents, one per line (blank lines skipped). Every line is checked
/// before anything is put, so a bad line stops the command with its line number and nothing half-sent.
/// Each record is the line's bytes unchanged, keyed by its subject (the order id).
/// </summary>
internal static class NdjsonFile
{
    public static IReadOnlyList<OutgoingRecord> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"--file: '{path}' does not exist", CliException.Usage);
        }

        try
        {
            return ReadLines(path);
        }
        catch (DecoderFallbackException)
        {
            throw new CliException($"--file: '{path}' is not UTF-8 text", CliException.Usage);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"--file: '{path}' cannot be read: {e.Message}", CliException.Usage, e);
        }
    }

    private static List<OutgoingRecord> ReadLines(string path)
    {
        var records = new List<OutgoingRecord>();
        var number = 0;
        foreach (var line in File.ReadLines(path, new UTF8Encoding(false, true)))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var data = Encoding.UTF8.GetBytes(line.Trim());
            var parsed = CloudEventParser.Parse(data);
            if (!parsed.IsValid)
            {
                throw new CliException($"{path}:{number}: {parsed.Problem}", CliException.Usage);
            }

            var e = parsed.Event;
            var key = e.Subject ?? e.Id;
            if (key.Length > 256)
            {
                throw new CliException($"{path}:{number}: the partition key (subject) has {key.Length} characters, over 256", CliException.Usage);
            }

            records.Add(new OutgoingRecord(e.Id, key, data, Classify(e)));
        }

        return records;
    }

    private static OrderKind Classify(CloudEvent e)
    {
        if (e.Type != EventTypes.OrderPlaced)
        {
            return OrderKind.Other;
        }

        OrderPlaced? order;
        try
        {
            order = e.Data.Deserialize(DomainJsonContext.Default.OrderPlaced);
        }
        catch (JsonException)
        {
            return OrderKind.Malformed;
        }

        return order is null || OrderRules.FindProblem(order) is not null ? OrderKind.Malformed
            : order.Lines.Any(l => !OrderRules.IsInStock(l.Sku)) ? OrderKind.OutOfStock
            : OrderRules.IsDeclined(order.PaymentToken) ? OrderKind.Declined
            : OrderKind.Valid;
    }
}
