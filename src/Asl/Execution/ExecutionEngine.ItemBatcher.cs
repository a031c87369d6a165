using System.Text;
using System.Text.Json.Nodes;
using Sluice.Asl.Query;

namespace Sluice.Asl.Execution;

internal sealed partial class ExecutionEngine
{
    /// <summary>AWS's limit on a batch's input, and on MaxInputBytesPerBatch.</summary>
    private const int MaxBatchBytes = 262_144;

    private sealed record BatchSettings(int? MaxItems, int? MaxBytes, JsonNode? BatchInput);

    private static BatchSettings BatchLimits(StateRun run, IQueryLanguage ql, JsonNode? effective, JsonObject batcher)
    {
        var maxItems = MapLimit(run, ql, effective, "MaxItemsPerBatch", integer: true, max: null, batcher);
        var maxBytes = MapLimit(run, ql, effective, "MaxInputBytesPerBatch", integer: true, max: MaxBatchBytes, batcher);
        if (maxItems is <= 0 || maxBytes is <= 0)
        {
            throw run.Runtime("MaxItemsPerBatch and MaxInputBytesPerBatch must be positive integers.");
        }

        var batchInput = batcher.TryGetPropertyValue("BatchInput", out var template) ? ql.Payload(run, template, effective) : null;
        return new BatchSettings((int?)maxItems, (int?)maxBytes, batchInput);
    }

    /// <summary>
    /// Groups the items into child inputs {"BatchInput": ..., "Items": [...]}: at most MaxItemsPerBatch
    /// items, and no more than fit in MaxInputBytesPerBatch (a single larger item still gets a batch).
    /// </summary>
    private static List<(JsonNode? Input, int Items)> Batch(StateRun run, IQueryLanguage ql, JsonNode? effective, List<JsonNode?> inputs, BatchSettings settings)
    {
        _ = run;
        _ = ql;
        _ = effective;
        var batches = new List<(JsonNode?, int)>();
        var current = new List<JsonNode?>();
        var emptySize = Encoding.UTF8.GetByteCount(JsonValues.ToJson(Wrap(settings.BatchInput, [])));
        var size = emptySize;
        foreach (var input in inputs)
        {
            var itemSize = Encoding.UTF8.GetByteCount(JsonValues.ToJson(input)) + (current.Count > 0 ? 1 : 0);
            var full = (settings.MaxItems is { } n && current.Count >= n) || (settings.MaxBytes is { } bytes && current.Count > 0 && size + itemSize > bytes);
            if (full)
            {
                batches.Add((Wrap(settings.BatchInput, current), current.Count));
                current = [];
                size = emptySize;
                itemSize = Encoding.UTF8.GetByteCount(JsonValues.ToJson(input));
            }

            current.Add(input);
            size += itemSize;
        }

        if (current.Count > 0)
        {
            batches.Add((Wrap(settings.BatchInput, current), current.Count));
        }

        return batches;
    }

    private static JsonObject Wrap(JsonNode? batchInput, List<JsonNode?> items)
    {
        var batch = new JsonObject();
        if (batchInput is not null)
        {
            batch["BatchInput"] = batchInput.DeepClone();
        }

        batch["Items"] = new JsonArray([.. items.Select(i => i?.DeepClone())]);
        return batch;
    }
}
