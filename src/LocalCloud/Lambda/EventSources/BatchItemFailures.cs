using System.Text.Json;

namespace Sluice.LocalCloud.Lambda.EventSources;

/// <summary>
/// Reads a partial batch response (<c>ReportBatchItemFailures</c>) by AWS's rules, as recorded: no
/// payload, <c>null</c>, <c>""</c>, <c>{}</c> and an empty or null <c>batchItemFailures</c> mean success;
/// an item whose <c>itemIdentifier</c> is missing, null, empty or not in the batch fails the whole batch.
/// </summary>
internal static class BatchItemFailures
{
    /// <summary>Null: the whole batch failed. Empty: all succeeded. Otherwise the failed identifiers.</summary>
    public static IReadOnlyList<string>? Parse(byte[] payload, IReadOnlySet<string> batchIdentifiers)
    {
        if (payload.Length == 0)
        {
            return [];
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload);
        }
        catch (JsonException)
        {
            return null;
        }
        using (document)
        {
            var root = document.RootElement;
            switch (root.ValueKind)
            {
                case JsonValueKind.Null:
                    return [];
                case JsonValueKind.String when root.GetString()!.Length == 0:
                    return [];
                case JsonValueKind.Object:
                    break;
                default:
                    return null;
            }
            if (!root.TryGetProperty("batchItemFailures", out var failures) || failures.ValueKind == JsonValueKind.Null)
            {
                return [];
            }
            if (failures.ValueKind != JsonValueKind.Array)
            {
                return null;
            }
            var ids = new List<string>();
            foreach (var item in failures.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object
                    || !item.TryGetProperty("itemIdentifier", out var id)
                    || id.ValueKind != JsonValueKind.String
                    || id.GetString() is not { Length: > 0 } text
                    || !batchIdentifiers.Contains(text))
                {
                    return null;
                }
                ids.Add(text);
            }
            return ids;
        }
    }
}
