using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Sluice.Asl.Definition;
using Sluice.Asl.Query;
using Sluice.Asl.Resources;

namespace Sluice.Asl.Execution;

internal sealed partial class ExecutionEngine
{
    private async Task<JsonNode?> TaskAsync(StateRun run, IQueryLanguage ql, JsonNode? input, CancellationToken ct)
    {
        var resourceArn = run.State.String("Resource") ?? string.Empty;
        if (!TaskResource.TryParse(resourceArn, out var resource))
        {
            throw run.Runtime($"The resource provided {resourceArn} is not recognized.");
        }

        // The token exists before Parameters are evaluated, so "$$.Task.Token" can pass it on; each attempt gets its own.
        run.TaskToken = resource.Pattern == "waitForTaskToken" ? Tokens.Issue() : null;
        var parameters = ql.EffectiveInput(run, input, applyParameters: true);
        var timeout = PositiveSeconds(run, ql, input, "TimeoutSeconds");
        var heartbeat = PositiveSeconds(run, ql, input, "HeartbeatSeconds");
        if (run.Frame.Probe?.Mock is { } mock)
        {
            // TestState with a mock: the integration is not called; the mock is its answer.
            return mock.Outcome();
        }

        try
        {
            return resource.Kind switch
            {
                TaskResourceKind.LambdaFunction => await LambdaFunctionAsync(run, resource, parameters, timeout, ct).ConfigureAwait(false),
                TaskResourceKind.Integration or TaskResourceKind.AwsSdk => await IntegrationAsync(run, resource, parameters, timeout, heartbeat, ct).ConfigureAwait(false),
                _ => throw run.Runtime($"Activities are not supported by this local cloud: {resourceArn}"),
            };
        }
        finally
        {
            if (run.TaskToken is { } token)
            {
                Tokens.Forget(token);
            }
        }
    }

    private static int? PositiveSeconds(StateRun run, IQueryLanguage ql, JsonNode? input, string field)
    {
        var value = ql.FieldValue(run, input, field, out var found, out var fromPath);
        if (!found)
        {
            return null;
        }

        if (!JsonValues.IsInteger(value, out var seconds) || seconds < 1 || seconds > 99999999)
        {
            throw run.Runtime(fromPath
                ? $"The {field}Path parameter does not reference a valid positive integer value: {run.State.String(field + "Path")} == {JsonValues.ToJson(value)}"
                : $"The {field} field must be a positive integer.");
        }

        return (int)seconds;
    }

    /// <summary>Runs <paramref name="operation"/>, failing with States.Timeout when it outlasts <paramref name="seconds"/>.</summary>
    private async Task<T> WithTimeoutAsync<T>(Func<CancellationToken, Task<T>> operation, int? seconds, Action onTimeout, CancellationToken ct)
    {
        if (seconds is null)
        {
            return await operation(ct).ConfigureAwait(false);
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var work = operation(cts.Token);
        var timer = Options.Clock.DelayAsync(TimeSpan.FromSeconds(seconds.Value), cts.Token);
        var winner = await Task.WhenAny(work, timer).ConfigureAwait(false);
        if (winner == work)
        {
            await cts.CancelAsync().ConfigureAwait(false);
            return await work.ConfigureAwait(false);
        }

        ct.ThrowIfCancellationRequested();
        await cts.CancelAsync().ConfigureAwait(false);
        _ = work.ContinueWith(t => t.Exception, TaskScheduler.Default);
        onTimeout();
        throw new StatesException(StatesErrors.Timeout, string.Empty);
    }

    private async Task<JsonNode?> LambdaFunctionAsync(StateRun run, TaskResource resource, JsonNode? parameters, int? timeout, CancellationToken ct)
    {
        var lane = run.Frame.Lane;
        var payload = JsonValues.ToJson(parameters);
        var scheduled = new JsonObject { ["resource"] = resource.Arn, ["input"] = payload, ["inputDetails"] = Truncated() };
        if (timeout is not null)
        {
            scheduled["timeoutInSeconds"] = timeout.Value;
        }

        lane.Emit("LambdaFunctionScheduled", scheduled);
        lane.Emit("LambdaFunctionStarted");
        var result = await WithTimeoutAsync(
            c => Options.LambdaInvoker.InvokeAsync(resource.Arn, payload, c),
            timeout,
            () => lane.Emit("LambdaFunctionTimedOut", ErrorDetails(StatesErrors.Timeout, null)),
            ct).ConfigureAwait(false);
        if (result.ServiceError is { } serviceError)
        {
            lane.Emit("LambdaFunctionFailed", ErrorDetails(serviceError.Error, serviceError.Cause));
            throw new StatesException(serviceError.Error, serviceError.Cause);
        }

        if (result.FunctionError is not null)
        {
            var error = ErrorType(result.Payload);
            lane.Emit("LambdaFunctionFailed", ErrorDetails(error, result.Payload));
            throw new StatesException(error, result.Payload);
        }

        if (System.Text.Encoding.UTF8.GetByteCount(result.Payload) > PayloadLimitBytes)
        {
            var limit = DataLimit(resource.Arn);
            lane.Emit("LambdaFunctionFailed", ErrorDetails(limit.Error, limit.Cause));
            throw limit;
        }

        var output = ParsePayload(result.Payload);
        lane.Emit("LambdaFunctionSucceeded", new JsonObject { ["output"] = JsonValues.ToJson(output), ["outputDetails"] = Truncated() });
        return output;
    }

    private async Task<JsonNode?> IntegrationAsync(StateRun run, TaskResource resource, JsonNode? parameters, int? timeout, int? heartbeat, CancellationToken ct)
    {
        var lane = run.Frame.Lane;
        var scheduled = new JsonObject
        {
            ["resourceType"] = resource.ResourceType,
            ["resource"] = resource.ResourceName,
            ["region"] = Options.Region,
            ["parameters"] = JsonValues.ToJson(parameters),
        };
        if (timeout is not null)
        {
            scheduled["timeoutInSeconds"] = timeout.Value;
        }

        if (heartbeat is not null)
        {
            scheduled["heartbeatInSeconds"] = heartbeat.Value;
        }

        lane.Emit("TaskScheduled", scheduled);
        lane.Emit("TaskStarted", ResourceDetails(resource));
        if (resource.Pattern.Length > 0 && resource.Pattern != "waitForTaskToken")
        {
            return Failed(lane, resource, StatesErrors.Runtime, $"The integration pattern '.{resource.Pattern}' is not supported by this local cloud.");
        }

        var isLambda = resource.Kind == TaskResourceKind.Integration && resource.Service == "lambda" && resource.Action == "invoke";
        JsonNode? output;
        if (isLambda)
        {
            var invoked = await WithTimeoutAsync(
                c => InvokeLambdaIntegrationAsync(parameters, c),
                timeout,
                () => lane.Emit("TaskTimedOut", Failure(resource, StatesErrors.Timeout, null)),
                ct).ConfigureAwait(false);
            if (invoked.Error is { } error)
            {
                return Failed(lane, resource, error.Error, error.Cause);
            }

            output = invoked.Output;
        }
        else
        {
            var invocation = new ServiceInvocation(resource.Service, resource.Action, resource.Kind == TaskResourceKind.AwsSdk, parameters, Options.Region, Options.Account, run.TaskToken);
            var result = await WithTimeoutAsync(
                c => Options.ServiceInvoker.InvokeAsync(invocation, c),
                timeout,
                () => lane.Emit("TaskTimedOut", Failure(resource, StatesErrors.Timeout, null)),
                ct).ConfigureAwait(false);
            if (result.Error is { } error)
            {
                return Failed(lane, resource, error.Error, error.Cause);
            }

            output = resource.Kind == TaskResourceKind.AwsSdk ? result.Result : WithSdkMetadata(result.Result, result.HttpHeaders, result.RequestId);
        }

        if (run.TaskToken is { } token)
        {
            return await AwaitTokenAsync(run, resource, output, token, timeout, heartbeat, ct).ConfigureAwait(false);
        }

        var outputText = JsonValues.ToJson(output);
        if (System.Text.Encoding.UTF8.GetByteCount(outputText) > PayloadLimitBytes)
        {
            var limit = DataLimit(resource.Service);
            return Failed(lane, resource, limit.Error!, limit.Cause);
        }

        var succeeded = ResourceDetails(resource);
        succeeded["output"] = outputText;
        succeeded["outputDetails"] = Truncated();
        lane.Emit("TaskSucceeded", succeeded);
        return output;
    }

    private static JsonNode? Failed(History.Lane lane, TaskResource resource, string error, string? cause)
    {
        lane.Emit("TaskFailed", Failure(resource, error, cause));
        throw new StatesException(error, cause);
    }

    private static JsonObject ResourceDetails(TaskResource resource) =>
        new() { ["resourceType"] = resource.ResourceType, ["resource"] = resource.ResourceName };

    private static JsonObject Failure(TaskResource resource, string? error, string? cause)
    {
        var details = ErrorDetails(error, cause);
        details["resourceType"] = resource.ResourceType;
        details["resource"] = resource.ResourceName;
        return details;
    }

    private async Task<(JsonNode? Output, ServiceError? Error)> InvokeLambdaIntegrationAsync(JsonNode? parameters, CancellationToken ct)
    {
        if (parameters is not JsonObject p || !JsonValues.TryString(p["FunctionName"], out var function))
        {
            return (null, new ServiceError("States.Runtime", "The lambda:invoke integration needs a FunctionName parameter."));
        }

        var payload = p.TryGetPropertyValue("Payload", out var pl) ? JsonValues.ToJson(pl) : "{}";
        var result = await Options.LambdaInvoker.InvokeAsync(function, payload, ct).ConfigureAwait(false);
        if (result.ServiceError is { } serviceError)
        {
            return (null, serviceError);
        }

        if (result.FunctionError is not null)
        {
            // The integration re-serialises the error document compactly, unlike the plain Lambda resource.
            var document = ParsePayload(result.Payload);
            return (null, new ServiceError(ErrorType(result.Payload), JsonValues.ToJson(document)));
        }

        var headers = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Connection"] = "keep-alive",
            ["Content-Length"] = Encoding.UTF8.GetByteCount(result.Payload).ToString(CultureInfo.InvariantCulture),
            ["Content-Type"] = "application/json",
            ["Date"] = Options.Clock.UtcNow.ToString("R", CultureInfo.InvariantCulture),
            ["X-Amz-Executed-Version"] = result.ExecutedVersion,
            ["x-amzn-Remapped-Content-Length"] = "0",
            ["x-amzn-RequestId"] = result.RequestId,
            ["X-Amzn-Trace-Id"] = $"root=1-{Guid.NewGuid():N}",
        };
        var wrapped = WithSdkMetadata(new JsonObject { ["ExecutedVersion"] = result.ExecutedVersion, ["Payload"] = ParsePayload(result.Payload) }, headers, result.RequestId) as JsonObject;
        wrapped!["StatusCode"] = result.StatusCode;
        return (wrapped, null);
    }

    /// <summary>Optimised integrations return the SDK response with its HTTP metadata, as the Java SDK exposes it.</summary>
    private JsonNode? WithSdkMetadata(JsonNode? result, IReadOnlyDictionary<string, string>? headers, string requestId)
    {
        var obj = result as JsonObject ?? [];
        headers ??= new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Content-Type"] = "text/xml",
            ["Date"] = Options.Clock.UtcNow.ToString("R", CultureInfo.InvariantCulture),
            ["x-amzn-RequestId"] = requestId,
        };
        var all = new JsonObject();
        var single = new JsonObject();
        foreach (var (key, value) in headers)
        {
            all[key] = new JsonArray(JsonValue.Create(value));
            single[key] = value;
        }

        obj["SdkHttpMetadata"] = new JsonObject { ["AllHttpHeaders"] = all, ["HttpHeaders"] = single, ["HttpStatusCode"] = 200 };
        obj["SdkResponseMetadata"] = new JsonObject { ["RequestId"] = requestId };
        return obj;
    }

    private static JsonNode? ParsePayload(string payload)
    {
        try
        {
            return string.IsNullOrWhiteSpace(payload) ? null : JsonValues.Parse(payload);
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create(payload);
        }
    }

    private static string ErrorType(string payload) =>
        ParsePayload(payload) is JsonObject o && JsonValues.TryString(o["errorType"], out var type) ? type : "Lambda.Unknown";
}
