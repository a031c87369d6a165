using System.Globalization;
using System.Text.Json.Nodes;
using Sluice.Asl.Definition;
using Sluice.Asl.Execution.DistributedMap;
using Sluice.Asl.Query;
using Sluice.Asl.Resources;

namespace Sluice.Asl.Execution;

internal sealed partial class ExecutionEngine
{
    private const long MaxItemsLimit = 100_000_000;

    /// <summary>
    /// Reads a Distributed Map's items from S3 as its ItemReader says (getObject: JSON, JSONL, CSV, an
    /// S3 inventory or Athena manifest; listObjectsV2: the object listing, or with LOAD_AND_FLATTEN
    /// each listed object's items). Failures are States.ItemReaderFailed.
    /// </summary>
    private async Task<List<MapItem>> ReadItemsAsync(StateRun run, IQueryLanguage ql, JsonObject reader, JsonNode? effective, long? maxItems, CancellationToken ct)
    {
        if (maxItems < 0)
        {
            throw new ItemReaderException("field MaxItems must be positive");
        }

        var jsonata = run.State.QueryLanguage == QueryLanguageKind.Jsonata;
        var parameters = ql.Payload(run, reader[jsonata ? "Arguments" : "Parameters"], effective) as JsonObject ?? [];
        var config = reader["ReaderConfig"] as JsonObject ?? [];
        if (!JsonValues.TryString(parameters["Bucket"], out var bucket))
        {
            throw new ItemReaderException("The ItemReader needs a Bucket parameter.");
        }

        var action = JsonValues.TryString(reader["Resource"], out var resource) ? resource[(resource.LastIndexOf(':') + 1)..] : string.Empty;
        var inputType = JsonValues.TryString(config["InputType"], out var t) ? t : null;
        List<MapItem> items;
        if (action == "listObjectsV2")
        {
            var prefix = JsonValues.TryString(parameters["Prefix"], out var p) ? p : null;
            var listing = await Options.ObjectStore.ListObjectsAsync(bucket, prefix, ct).ConfigureAwait(false);
            if (listing.Error is { } listError)
            {
                throw new ItemReaderException(listError.Cause);
            }

            if (JsonValues.TryString(config["Transformation"], out var transformation) && transformation == "LOAD_AND_FLATTEN")
            {
                items = [];
                foreach (var summary in listing.Objects)
                {
                    var content = await GetObjectAsync(bucket, summary.Key, null, ct).ConfigureAwait(false);
                    items.AddRange(Parse(content, inputType, config, $"s3://{bucket}/{summary.Key}", items.Count));
                }
            }
            else
            {
                items = [.. listing.Objects.Select((o, i) => new MapItem(i, Summary(o), null, $"s3://{bucket}"))];
            }
        }
        else
        {
            if (!JsonValues.TryString(parameters["Key"], out var key))
            {
                throw new ItemReaderException("The ItemReader needs a Key parameter.");
            }

            var versionId = JsonValues.TryString(parameters["VersionId"], out var v) ? v : null;
            var content = await GetObjectAsync(bucket, key, versionId, ct).ConfigureAwait(false);
            var manifestType = JsonValues.TryString(config["ManifestType"], out var m) ? m : null;
            if (manifestType == "S3_INVENTORY" || (manifestType is null && inputType == "MANIFEST"))
            {
                var (dataBucket, files, columns) = ItemFormats.InventoryManifest(content.Span);
                items = [];
                foreach (var file in files)
                {
                    var data = await GetObjectAsync(dataBucket, file, null, ct).ConfigureAwait(false);
                    items.AddRange(ItemFormats.InventoryRows(data.Span, file, columns).Select((item, i) => new MapItem(items.Count + i, item.Value, null, $"s3://{dataBucket}/{file}")));
                }
            }
            else if (manifestType == "ATHENA_DATA")
            {
                items = [];
                foreach (var (dataBucket, dataKey) in ItemFormats.AthenaManifest(content.Span))
                {
                    var data = await GetObjectAsync(dataBucket, dataKey, null, ct).ConfigureAwait(false);
                    items.AddRange(Parse(data, inputType, config, $"s3://{dataBucket}/{dataKey}", items.Count));
                }
            }
            else
            {
                items = Parse(content, inputType, config, $"s3://{bucket}/{key}", 0);
            }
        }

        return maxItems is > 0 and <= MaxItemsLimit && items.Count > maxItems ? items[..(int)maxItems.Value] : items;
    }

    private async Task<ReadOnlyMemory<byte>> GetObjectAsync(string bucket, string key, string? versionId, CancellationToken ct)
    {
        var read = await Options.ObjectStore.GetObjectAsync(bucket, key, versionId, ct).ConfigureAwait(false);
        return read.Error is { } error ? throw new ItemReaderException(error.Cause) : read.Content;
    }

    private static List<MapItem> Parse(ReadOnlyMemory<byte> content, string? inputType, JsonObject config, string source, int firstIndex)
    {
        var parsed = inputType switch
        {
            "JSON" => ItemFormats.Json(content.Span, JsonValues.TryString(config["ItemsPointer"], out var pointer) ? pointer : null),
            "JSONL" => ItemFormats.JsonLines(content.Span),
            "CSV" => ItemFormats.Csv(
                content.Span,
                JsonValues.TryString(config["CSVHeaderLocation"], out var location) && location == "GIVEN" && config["CSVHeaders"] is JsonArray headers
                    ? [.. headers.Select(h => JsonValues.TryString(h, out var s) ? s : string.Empty)]
                    : null,
                ItemFormats.Delimiter(JsonValues.TryString(config["CSVDelimiter"], out var d) ? d : null)),
            "PARQUET" => throw new ItemReaderException("PARQUET input is not supported by this local Step Functions; use CSV, JSON or JSONL."),
            _ => throw new ItemReaderException($"The ItemReader's ReaderConfig needs an InputType (CSV, JSON, JSONL, MANIFEST) to read {source}."),
        };
        return [.. parsed.Select((item, i) => new MapItem(firstIndex + i, item.Value, item.Key, source))];
    }

    /// <summary>A listObjectsV2 entry as the Map sees it: Etag, Key, LastModified (epoch seconds), Size, StorageClass.</summary>
    private static JsonObject Summary(ObjectSummary o) => new()
    {
        ["Etag"] = o.ETag,
        ["Key"] = o.Key,
        ["LastModified"] = o.LastModified.ToUnixTimeSeconds(),
        ["Size"] = o.Size,
        ["StorageClass"] = o.StorageClass,
    };

    private static string FormatIso(DateTimeOffset time) => StateRun.FormatTime(time);

    private static string Invariant(long n) => n.ToString(CultureInfo.InvariantCulture);
}
