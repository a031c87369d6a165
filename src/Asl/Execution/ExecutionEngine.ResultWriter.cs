using System.Text;
using System.Text.Json.Nodes;
using Sluice.Asl.Definition;
using Sluice.Asl.Execution.DistributedMap;
using Sluice.Asl.Query;

namespace Sluice.Asl.Execution;

internal sealed partial class ExecutionEngine
{
    /// <summary>
    /// Shapes the results as WriterConfig says (NONE: each child's execution record; COMPACT: the
    /// outputs; FLATTEN: the outputs with arrays flattened) and, with Resource s3:putObject, exports
    /// them as AWS does: SUCCEEDED_0, FAILED_0 and PENDING_0 files and a manifest.json under
    /// Prefix/map-run-id/, returning {MapRunArn, ResultWriterDetails: {Bucket, Key}}.
    /// </summary>
    private async Task<JsonNode?> WriteResultsAsync(StateRun run, IQueryLanguage ql, JsonObject writer, JsonNode? effective, MapRunRecord record, ExecutionRecord?[] children, CancellationToken ct)
    {
        var config = writer["WriterConfig"] as JsonObject;
        var exporting = writer.ContainsKey("Resource");
        var transformation = JsonValues.TryString(config?["Transformation"], out var tr) ? tr : exporting ? "NONE" : "COMPACT";
        if (!exporting)
        {
            return Shape(children.Where(c => c is not null), transformation);
        }

        var jsonata = run.State.QueryLanguage == QueryLanguageKind.Jsonata;
        var parameters = ql.Payload(run, writer[jsonata ? "Arguments" : "Parameters"], effective) as JsonObject ?? [];
        if (!JsonValues.TryString(parameters["Bucket"], out var bucket))
        {
            throw new ResultWriterException("The ResultWriter needs a Bucket parameter.");
        }

        var prefix = JsonValues.TryString(parameters["Prefix"], out var p) ? p.TrimEnd('/') : string.Empty;
        var runId = record.Arn[(record.Arn.LastIndexOf(':') + 1)..];
        var folder = prefix.Length == 0 ? runId : $"{prefix}/{runId}";
        var jsonLines = JsonValues.TryString(config?["OutputType"], out var outputType) && outputType == "JSONL";
        var files = new JsonObject();
        foreach (var status in new[] { "FAILED", "PENDING", "SUCCEEDED" })
        {
            var group = status switch
            {
                "PENDING" => children.Where(c => c is null),
                "FAILED" => children.Where(c => c is { Status: not "SUCCEEDED" }),
                _ => children.Where(c => c is { Status: "SUCCEEDED" }),
            };
            var shaped = Shape(group.Where(c => c is not null), transformation);
            var entries = new JsonArray();
            if (shaped.Count > 0)
            {
                var key = $"{folder}/{status}_0.{(jsonLines ? "jsonl" : "json")}";
                var text = jsonLines ? string.Join('\n', shaped.Select(JsonValues.ToJson)) + "\n" : JsonValues.ToJson(shaped);
                var bytes = Encoding.UTF8.GetBytes(text);
                await PutAsync(bucket, key, bytes, jsonLines ? "application/jsonl" : "application/json", ct).ConfigureAwait(false);
                entries.Add((JsonNode)new JsonObject { ["Key"] = key, ["Size"] = bytes.Length });
            }

            files[status] = entries;
        }

        var manifestKey = $"{folder}/manifest.json";
        var manifest = new JsonObject { ["DestinationBucket"] = bucket, ["MapRunArn"] = record.Arn, ["ResultFiles"] = files };
        await PutAsync(bucket, manifestKey, Encoding.UTF8.GetBytes(JsonValues.ToJson(manifest)), "application/json", ct).ConfigureAwait(false);
        return new JsonObject
        {
            ["MapRunArn"] = record.Arn,
            ["ResultWriterDetails"] = new JsonObject { ["Bucket"] = bucket, ["Key"] = manifestKey },
        };
    }

    private async Task PutAsync(string bucket, string key, byte[] content, string contentType, CancellationToken ct)
    {
        if (await Options.ObjectStore.PutObjectAsync(bucket, key, content, contentType, ct).ConfigureAwait(false) is { } error)
        {
            throw new ResultWriterException(error.Cause);
        }
    }

    private static JsonArray Shape(IEnumerable<ExecutionRecord?> children, string transformation)
    {
        var shaped = new JsonArray();
        foreach (var child in children)
        {
            var result = ChildResult(child, transformation);
            if (transformation == "FLATTEN" && child is { Status: "SUCCEEDED" } && result is JsonArray nested)
            {
                foreach (var item in nested.ToList())
                {
                    nested.Remove(item);
                    shaped.Add(item);
                }
            }
            else
            {
                shaped.Add(result);
            }
        }

        return shaped;
    }
}
