using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.LocalCloud.Lambda;
using Sluice.LocalCloud.Lambda.Runtime;
using Sluice.Shared.Aws;
using Sluice.Shared.Executions;

namespace Sluice.LocalCloud.WebConsole;

/// <summary>
/// The Lambda invocations of one run of a Task state (each attempt: its Scheduled event and the event
/// that ended it), tied to what the local Lambda recorded: the request (the function and payload the
/// history scheduled), the response (the payload or error document), and the invocation's log lines,
/// which the local Lambda keeps per request id. An <c>arn:aws:states:::lambda:invoke</c> that succeeded
/// names its request id in its output (<c>SdkResponseMetadata.RequestId</c>): an exact tie. A failed
/// attempt, or a function called by its ARN as the resource, records no request id in the history; it
/// is tied to the one invocation of that function that started between the Scheduled event and the
/// attempt's end and ended the same way (error or not); when several did, none is chosen and the
/// answer says how many.
/// </summary>
internal static class LambdaCalls
{
    private static readonly TimeSpan s_slack = TimeSpan.FromMilliseconds(1);

    public static async Task<ExecutionView.Result> ReadAsync(IExecutionSource source, LambdaService? lambda, string arn, long enteredEventId, CancellationToken cancellationToken)
    {
        var pages = await source.HistoryPagesAsync(arn, includeData: true, cancellationToken).ConfigureAwait(false);
        if (pages is null)
        {
            return new ExecutionView.Result(null, (400, "ValidationException", "This local cloud does not hold the history of that execution (it may not exist, or it closed too long ago: --execution-histories)."));
        }

        var history = pages.SelectMany(p => GetExecutionHistoryResult.Parse(p).Events).ToList();
        var traced = ExecutionSteps.Build(history, executionEnded: false).Events.ToDictionary(e => e.Id);
        var raw = new Dictionary<long, JsonObject>();
        foreach (var page in pages)
        {
            using var document = JsonDocument.Parse(page);
            foreach (var element in document.RootElement.GetProperty("events").EnumerateArray())
            {
                var e = JsonNode.Parse(element.GetRawText())!.AsObject();
                raw[(long)e["id"]!] = e;
            }
        }

        if (!traced.TryGetValue(enteredEventId, out var entered) || !entered.Type.EndsWith("StateEntered", StringComparison.Ordinal))
        {
            return new ExecutionView.Result(null, (400, "ValidationException", $"Event {enteredEventId} of that execution is not a state's StateEntered event."));
        }

        var calls = new JsonArray();
        JsonObject? open = null;
        foreach (var e in traced.Values.Where(e => e.Id > enteredEventId && e.Lane == entered.Lane).OrderBy(e => e.Id))
        {
            if (e.Type.EndsWith("StateEntered", StringComparison.Ordinal) || e.Type.EndsWith("StateExited", StringComparison.Ordinal))
            {
                break;
            }

            var details = Details(raw[e.Id]);
            if (e.Type is "TaskScheduled" && (string?)details?["resourceType"] == "lambda")
            {
                var parameters = Parse((string?)details?["parameters"]) as JsonObject;
                open = Call(e, (string?)parameters?["FunctionName"], parameters?["Payload"]?.DeepClone());
            }
            else if (e.Type is "LambdaFunctionScheduled")
            {
                open = Call(e, (string?)details?["resource"], Parse((string?)details?["input"]));
            }
            else if (open is not null && Ends(e.Type))
            {
                Finish(open, e, details, lambda);
                calls.Add((JsonNode)open);
                open = null;
            }
        }

        if (open is not null)
        {
            open["status"] = "running";
            calls.Add((JsonNode)open);
        }

        var result = new JsonObject { ["state"] = entered.State, ["lane"] = entered.Lane, ["calls"] = calls };
        return new ExecutionView.Result(Encoding.UTF8.GetBytes(result.ToJsonString()), null);
    }

    private static bool Ends(string type) => type is "TaskSucceeded" or "TaskFailed" or "TaskTimedOut" or "TaskStartFailed" or "TaskSubmitFailed"
        or "LambdaFunctionSucceeded" or "LambdaFunctionFailed" or "LambdaFunctionTimedOut" or "LambdaFunctionStartFailed" or "LambdaFunctionScheduleFailed";

    private static JsonObject Call(TraceEvent scheduled, string? function, JsonNode? request) => new()
    {
        ["scheduledEventId"] = scheduled.Id,
        ["scheduled"] = scheduled.Timestamp.ToUnixTimeMilliseconds(),
        ["function"] = function,
        ["request"] = request,
    };

    private static void Finish(JsonObject call, TraceEvent end, JsonObject? details, LambdaService? lambda)
    {
        call["endedEventId"] = end.Id;
        call["ended"] = end.Timestamp.ToUnixTimeMilliseconds();
        var succeeded = end.Type.EndsWith("Succeeded", StringComparison.Ordinal);
        call["status"] = succeeded ? "succeeded" : end.Type.EndsWith("TimedOut", StringComparison.Ordinal) ? "timed out" : "failed";
        string? requestId = null;
        if (succeeded)
        {
            var output = Parse((string?)details?["output"]);
            if (end.Type == "TaskSucceeded" && output is JsonObject o)
            {
                call["response"] = o["Payload"]?.DeepClone();
                requestId = (string?)o["SdkResponseMetadata"]?["RequestId"];
            }
            else
            {
                call["response"] = output?.DeepClone();
            }
        }
        else
        {
            call["error"] = (string?)details?["error"];
            call["cause"] = (string?)details?["cause"];
        }

        LambdaFunction? function = null;
        try
        {
            function = call["function"] is JsonValue name && lambda is not null ? lambda.Function((string)name!) : null;
        }
        catch (Protocol.AwsServiceException)
        {
            // Deleted since, or never there: the call is shown from the history alone.
        }

        var records = function?.Records() ?? [];
        InvocationRecord? record = null;
        if (requestId is not null)
        {
            call["tie"] = "request id";
            record = records.FirstOrDefault(r => r.RequestId == requestId);
        }
        else if (function is not null)
        {
            var from = DateTimeOffset.FromUnixTimeMilliseconds((long)call["scheduled"]!) - s_slack;
            var to = end.Timestamp + s_slack;
            var candidates = records.Where(r => r.Started >= from && r.Started <= to && (r.ErrorType is null) == succeeded).ToList();
            if (candidates.Count == 1)
            {
                record = candidates[0];
                requestId = record.RequestId;
                call["tie"] = "time window";
            }
            else
            {
                call["tie"] = candidates.Count == 0 ? "none" : "ambiguous";
                call["candidates"] = candidates.Count;
            }
        }
        else
        {
            call["tie"] = "none";
        }

        call["requestId"] = requestId;
        if (record is not null)
        {
            call["version"] = record.Version;
            call["coldStart"] = record.ColdStart;
            call["initDurationMs"] = Math.Round(record.InitDurationMs, 3);
            call["durationMs"] = Math.Round(record.DurationMs, 3);
            call["errorType"] = record.ErrorType;
        }

        if (requestId is not null && function is not null)
        {
            var lines = function.Log.ForRequest(requestId);
            call["logGroup"] = function.Definition.LogGroupName;
            call["logs"] = new JsonArray([.. lines.Select(l => (JsonNode)new JsonObject { ["time"] = l.Time.ToUnixTimeMilliseconds(), ["text"] = l.Text })]);
        }
    }

    private static JsonObject? Details(JsonObject e) =>
        e.FirstOrDefault(p => p.Key.EndsWith("EventDetails", StringComparison.Ordinal)).Value as JsonObject;

    private static JsonNode? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return JsonValue.Create(json);
        }
    }
}
