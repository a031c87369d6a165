using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Asl.Resources;

namespace Sluice.Asl.Tests.Conformance;

/// <summary>
/// Plays back what the recorded functions and services answered: each scheduled call in the
/// recording is paired with its outcome, looked up by resource and request (or, failing that, in
/// recorded order). A recorded timeout becomes a call that never answers.
/// </summary>
internal sealed class RecordedStubs : ILambdaInvoker, IServiceIntegrationInvoker
{
    private readonly List<Outcome> _outcomes = [];
    private readonly Lock _lock = new();

    public RecordedStubs(JsonArray events)
    {
        var list = events.OfType<JsonObject>().ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var e = list[i];
            var type = e["type"]!.GetValue<string>();
            if (type is not ("LambdaFunctionScheduled" or "TaskScheduled"))
            {
                continue;
            }

            var completion = FindCompletion(list, i);
            if (completion is null)
            {
                continue;
            }

            if (type == "LambdaFunctionScheduled")
            {
                var d = e["lambdaFunctionScheduledEventDetails"]!;
                _outcomes.Add(new Outcome("lambda-function", Canonical(d["input"]), completion, Legacy: true));
            }
            else
            {
                var d = e["taskScheduledEventDetails"]!;
                var resourceType = d["resourceType"]!.GetValue<string>();
                var parameters = Parse(d["parameters"]);
                var key = resourceType == "lambda" ? Canonical((parameters as JsonObject)?["Payload"]) : Canonical(parameters);
                _outcomes.Add(new Outcome(resourceType + ":" + d["resource"]!.GetValue<string>().Split('.')[0], key, completion, Legacy: false)
                {
                    Submitted = _submitted.GetValueOrDefault(e),
                });
            }
        }
    }

    private readonly HashSet<JsonObject> _claimed = [];
    private readonly Dictionary<JsonObject, JsonObject> _submitted = [];

    /// <summary>Calls the service under test (SendTaskSuccess/Failure), as the recorded worker did.</summary>
    public Func<string, JsonObject, Task>? Api { get; set; }

    private JsonObject? FindCompletion(List<JsonObject> events, int scheduledIndex)
    {
        var first = Id(events[scheduledIndex]);
        var chain = new HashSet<long>();
        if (first is { } f)
        {
            chain.Add(f);
        }

        for (var j = scheduledIndex + 1; j < events.Count; j++)
        {
            var e = events[j];
            var type = e["type"]!.GetValue<string>();
            var linked = first is null
                ? Id(e) is null && !_claimed.Contains(e)
                : Previous(e) is { } prev && chain.Contains(prev);
            if (!linked)
            {
                continue;
            }

            if (type == "TaskSubmitted")
            {
                _submitted[events[scheduledIndex]] = e;
            }

            if (type is "LambdaFunctionStarted" or "TaskStarted" or "TaskSubmitted")
            {
                if (Id(e) is { } id)
                {
                    chain.Add(id);
                }

                continue;
            }

            if ((type.StartsWith("LambdaFunction", StringComparison.Ordinal) || type.StartsWith("Task", StringComparison.Ordinal))
                && !type.EndsWith("Scheduled", StringComparison.Ordinal) && !type.EndsWith("StateExited", StringComparison.Ordinal)
                && !type.EndsWith("StateEntered", StringComparison.Ordinal))
            {
                _claimed.Add(e);
                return e;
            }
        }

        return null;
    }

    private static long? Id(JsonObject e) => e["id"] is JsonValue v && v.TryGetValue<long>(out var id) ? id : null;

    private static long? Previous(JsonObject e) => e["previousEventId"] is JsonValue v && v.TryGetValue<long>(out var id) ? id : null;

    public Task<LambdaInvocationResult> InvokeAsync(string function, string payloadJson, CancellationToken cancellationToken)
    {
        var outcome = Take(o => o.Resource is "lambda-function" or "lambda:invoke", Canonical(JsonValue.Create(payloadJson)));
        if (outcome is null)
        {
            return Task.FromResult(LambdaInvocationResult.Unavailable(new ServiceError("Harness.NoRecording", $"No recorded Lambda outcome left for {function} with {payloadJson}")));
        }

        var c = outcome.Completion;
        var type = c["type"]!.GetValue<string>();
        var details = c.First(p => p.Key.EndsWith("EventDetails", StringComparison.Ordinal)).Value as JsonObject;
        if (type.EndsWith("TimedOut", StringComparison.Ordinal))
        {
            return Never<LambdaInvocationResult>(cancellationToken);
        }

        if (type.EndsWith("Succeeded", StringComparison.Ordinal))
        {
            var output = Parse(details!["output"]);
            var payload = outcome.Legacy ? output : (output as JsonObject)?["Payload"];
            return Task.FromResult(LambdaInvocationResult.Success(payload is null ? "null" : payload.ToJsonString()));
        }

        var error = details!["error"]?.GetValue<string>();
        var cause = details["cause"];
        var document = cause is JsonObject or JsonArray ? cause : Parse(cause);
        if (document is JsonObject doc && doc["errorType"]?.GetValue<string>() == error)
        {
            return Task.FromResult(LambdaInvocationResult.Failure(PythonJson.Dumps(doc)));
        }

        return Task.FromResult(LambdaInvocationResult.Unavailable(new ServiceError(error ?? "Unknown", Text(cause))));
    }

    public Task<ServiceInvocationResult> InvokeAsync(ServiceInvocation invocation, CancellationToken cancellationToken)
    {
        var resource = (invocation.AwsSdk ? $"aws-sdk:{invocation.Service}" : invocation.Service) + ":" + invocation.Action;
        var outcome = Take(o => o.Resource == resource, Canonical(invocation.Parameters));
        if (outcome is null)
        {
            return Task.FromResult(ServiceInvocationResult.Failure(new ServiceError("Harness.NoRecording", $"No recorded outcome left for {resource}")));
        }

        var c = outcome.Completion;
        var type = c["type"]!.GetValue<string>();
        var details = c.First(p => p.Key.EndsWith("EventDetails", StringComparison.Ordinal)).Value as JsonObject;
        if (invocation.TaskToken is { } token && outcome.Submitted is { } submitted)
        {
            Answer(token, type, details!);
            return Task.FromResult(Result(submitted["taskSubmittedEventDetails"]!["output"]));
        }

        if (type == "TaskTimedOut")
        {
            return Never<ServiceInvocationResult>(cancellationToken);
        }

        if (type == "TaskSucceeded")
        {
            return Task.FromResult(Result(details!["output"]));
        }

        return Task.FromResult(ServiceInvocationResult.Failure(new ServiceError(details!["error"]?.GetValue<string>() ?? "Unknown", Text(details["cause"]))));
    }

    /// <summary>The recorded worker's answer to a task token, sent through the API once the call returns.</summary>
    private void Answer(string token, string type, JsonObject details)
    {
        var request = type switch
        {
            "TaskSucceeded" => ("SendTaskSuccess", new JsonObject { ["taskToken"] = token, ["output"] = JsonValues.ToJson(Parse(details["output"])) }),
            "TaskFailed" => ("SendTaskFailure", new JsonObject { ["taskToken"] = token, ["error"] = details["error"]?.DeepClone(), ["cause"] = details["cause"] is { } cause ? Text(cause) : null }),
            _ => default((string, JsonObject)?),
        };
        if (request is { } r && Api is { } api)
        {
            _ = Task.Run(() => api(r.Item1, r.Item2));
        }
    }

    private static ServiceInvocationResult Result(JsonNode? recordedOutput)
    {
        {
            var output = Parse(recordedOutput)?.DeepClone();
            IReadOnlyDictionary<string, string>? headers = null;
            string? requestId = null;
            if (output is JsonObject o)
            {
                if (o["SdkHttpMetadata"]?["HttpHeaders"] is JsonObject h)
                {
                    headers = h.ToDictionary(p => p.Key, p => p.Value?.ToString() ?? string.Empty);
                }

                requestId = o["SdkResponseMetadata"]?["RequestId"]?.GetValue<string>();
                o.Remove("SdkHttpMetadata");
                o.Remove("SdkResponseMetadata");
            }

            return new ServiceInvocationResult { Result = output, HttpHeaders = headers, RequestId = requestId ?? Guid.NewGuid().ToString() };
        }
    }

    private Outcome? Take(Func<Outcome, bool> kind, string key)
    {
        lock (_lock)
        {
            var match = _outcomes.FirstOrDefault(o => kind(o) && o.Key == key) ?? _outcomes.FirstOrDefault(kind);
            if (match is not null)
            {
                _outcomes.Remove(match);
            }

            return match;
        }
    }

    private static async Task<T> Never<T>(CancellationToken ct)
    {
        await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
        throw new InvalidOperationException("unreachable");
    }

    private static string Text(JsonNode? node) => node switch
    {
        null => string.Empty,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    /// <summary>The recorder turned JSON text into JSON; undo that where a string holds JSON.</summary>
    internal static JsonNode? Parse(JsonNode? node)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            try
            {
                return JsonNode.Parse(v.GetValue<string>());
            }
            catch (JsonException)
            {
                return node;
            }
        }

        return node;
    }

    internal static string Canonical(JsonNode? node) => Sorted(Parse(node))?.ToJsonString(JsonValues.Relaxed) ?? "null";

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sorted)]),
        _ => node?.DeepClone(),
    };

    private sealed record Outcome(string Resource, string Key, JsonObject Completion, bool Legacy)
    {
        /// <summary>For .waitForTaskToken: the TaskSubmitted event (the call's own result); Completion is the worker's answer.</summary>
        public JsonObject? Submitted { get; init; }
    }
}
