using System.Globalization;
using System.Text;
using System.Text.Json;
using Sluice.LocalCloud.Lambda.Runtime;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Lambda.Api;

/// <summary>
/// The Lambda REST API (2015-03-31) the AWS CLI and SDKs call: Invoke, GetFunction,
/// GetFunctionConfiguration, ListFunctions, ListEventSourceMappings, GetEventSourceMapping; and the
/// local cloud's own read-outs of each function's log lines and invocation records.
/// </summary>
internal sealed class LambdaRestApi(LambdaService lambda)
{
    private const string Functions = "/2015-03-31/functions";
    private const string Mappings = "/2015-03-31/event-source-mappings";
    private const string Local = "/_localcloud/lambda/functions";
    private const int MaxSyncPayload = 6 * 1024 * 1024;
    private const int MaxAsyncPayload = 1024 * 1024;

    public static bool Handles(PathString path) =>
        path.StartsWithSegments("/2015-03-31", StringComparison.Ordinal) || path.StartsWithSegments(Local, StringComparison.Ordinal);

    public async Task HandleAsync(HttpContext context)
    {
        var requestId = Guid.NewGuid().ToString();
        try
        {
            await RouteAsync(context, requestId).ConfigureAwait(false);
        }
        catch (AwsServiceException e)
        {
            await ErrorAsync(context, e, requestId).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
    }

    private async Task RouteAsync(HttpContext context, string requestId)
    {
        var request = context.Request;
        var path = request.Path.Value!.TrimEnd('/');
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var get = HttpMethods.IsGet(request.Method);
        if (path.StartsWith(Local, StringComparison.Ordinal) && get && segments.Length == 5)
        {
            var function = lambda.Function(segments[3]);
            await (segments[4] switch
            {
                "logs" => LogsAsync(context, function),
                "invocations" => RecordsAsync(context, function, requestId),
                _ => throw new AwsServiceException("UnknownOperationException", "Unknown local operation", 404),
            }).ConfigureAwait(false);
            return;
        }
        if (path == Functions && get)
        {
            await JsonAsync(context, 200, requestId, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("Functions");
                foreach (var f in lambda.Functions())
                {
                    FunctionConfiguration.Write(w, f);
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }).ConfigureAwait(false);
            return;
        }
        if (path.StartsWith(Functions + "/", StringComparison.Ordinal) && segments.Length >= 3)
        {
            var name = segments[2];
            if (request.Query["Qualifier"].ToString() is { Length: > 0 } qualifier)
            {
                name += ":" + qualifier;
            }
            var function = lambda.Function(name);
            switch (segments.Length, get, segments.Length > 3 ? segments[3] : null)
            {
                case (3, true, _):
                    await JsonAsync(context, 200, requestId, w => GetFunction(w, function)).ConfigureAwait(false);
                    return;
                case (4, true, "configuration"):
                    await JsonAsync(context, 200, requestId, w => FunctionConfiguration.Write(w, function)).ConfigureAwait(false);
                    return;
                case (4, false, "invocations") when HttpMethods.IsPost(request.Method):
                    await InvokeAsync(context, function, requestId).ConfigureAwait(false);
                    return;
            }
        }
        if (path == Mappings && get)
        {
            var functionFilter = request.Query["FunctionName"].ToString();
            var sourceFilter = request.Query["EventSourceArn"].ToString();
            var functionArn = functionFilter.Length > 0 ? lambda.Function(functionFilter).Definition.FunctionArn : null;
            await JsonAsync(context, 200, requestId, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("EventSourceMappings");
                foreach (var m in lambda.Mappings())
                {
                    if ((functionArn is null || m.Function.Definition.FunctionArn == functionArn)
                        && (sourceFilter.Length == 0 || m.Definition.EventSourceArn == sourceFilter))
                    {
                        m.WriteConfiguration(w);
                    }
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }).ConfigureAwait(false);
            return;
        }
        if (path.StartsWith(Mappings + "/", StringComparison.Ordinal) && segments.Length == 3 && get)
        {
            var mapping = lambda.Mapping(segments[2]);
            await JsonAsync(context, 200, requestId, mapping.WriteConfiguration).ConfigureAwait(false);
            return;
        }
        throw new AwsServiceException("UnknownOperationException", $"Unknown operation {request.Method} {path}", 404);
    }

    private static void GetFunction(Utf8JsonWriter w, LambdaFunction function)
    {
        w.WriteStartObject();
        w.WritePropertyName("Configuration");
        FunctionConfiguration.Write(w, function);
        w.WriteStartObject("Code");
        w.WriteString("RepositoryType", "S3");
        w.WriteString("Location", function.Bootstrap.IsCompletedSuccessfully ? new Uri(function.Bootstrap.Result).AbsoluteUri : "");
        w.WriteEndObject();
        if (function.Definition.ReservedConcurrentExecutions is { } reserved)
        {
            w.WriteStartObject("Concurrency");
            w.WriteNumber("ReservedConcurrentExecutions", reserved);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private async Task InvokeAsync(HttpContext context, LambdaFunction function, string requestId)
    {
        var request = context.Request;
        var type = request.Headers["X-Amz-Invocation-Type"].ToString() is { Length: > 0 } t ? t : "RequestResponse";
        var tail = request.Headers["X-Amz-Log-Type"].ToString() == "Tail";
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        var payload = buffer.Length == 0 ? "{}"u8.ToArray() : buffer.ToArray();
        var limit = type == "Event" ? MaxAsyncPayload : MaxSyncPayload;
        if (payload.Length > limit)
        {
            throw new AwsServiceException("RequestEntityTooLargeException", $"{payload.Length} byte payload is too large for the {type} invocation type (limit {limit} bytes)", 413);
        }
        try
        {
            using var _ = JsonDocument.Parse(payload);
        }
        catch (JsonException e)
        {
            throw new AwsServiceException("InvalidRequestContentException", "Could not parse request body into json: Could not parse payload into json: " + e.Message, 400);
        }
        var response = context.Response;
        switch (type)
        {
            case "DryRun":
                response.StatusCode = 204;
                response.Headers["x-amzn-RequestId"] = requestId;
                return;
            case "Event":
                lambda.InvokeAsyncEvent(function.Definition.FunctionArn, payload);
                response.StatusCode = 202;
                response.Headers["x-amzn-RequestId"] = requestId;
                response.ContentLength = 0;
                return;
            case "RequestResponse":
                break;
            default:
                throw new AwsServiceException("InvalidParameterValueException", $"1 validation error detected: Value '{type}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]");
        }
        var (outcome, record) = await lambda.InvokeAsync(function.Definition.FunctionArn, payload, waitForCapacity: false, context.RequestAborted).ConfigureAwait(false);
        response.StatusCode = 200;
        response.ContentType = "application/json";
        response.Headers["x-amzn-RequestId"] = record.RequestId;
        response.Headers["X-Amz-Executed-Version"] = "$LATEST";
        if (outcome.IsError)
        {
            response.Headers["X-Amz-Function-Error"] = "Unhandled";
        }
        if (tail)
        {
            // The last 4 KB of the invocation's log, base64-encoded, as Lambda's X-Amz-Log-Result.
            var text = string.Concat(function.Log.ForRequest(record.RequestId).Select(l => l.Text + "\n"));
            var bytes = Encoding.UTF8.GetBytes(text);
            response.Headers["X-Amz-Log-Result"] = Convert.ToBase64String(bytes.AsSpan(Math.Max(0, bytes.Length - 4096)));
        }
        response.ContentLength = outcome.Payload.Length;
        await response.Body.WriteAsync(outcome.Payload, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task LogsAsync(HttpContext context, LambdaFunction function)
    {
        var after = long.TryParse(context.Request.Query["after"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var lines = function.Log.Read(after);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/plain; charset=utf-8";
        if (lines.Count > 0)
        {
            context.Response.Headers["X-LocalCloud-Last-Sequence"] = lines[^1].Sequence.ToString(CultureInfo.InvariantCulture);
        }
        await context.Response.WriteAsync(string.Concat(lines.Select(l => l.Text + "\n")), context.RequestAborted).ConfigureAwait(false);
    }

    private static Task RecordsAsync(HttpContext context, LambdaFunction function, string requestId) =>
        JsonAsync(context, 200, requestId, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("Invocations");
            foreach (var r in function.Records())
            {
                w.WriteStartObject();
                w.WriteString("RequestId", r.RequestId);
                w.WriteString("Started", r.Started);
                w.WriteBoolean("ColdStart", r.ColdStart);
                w.WriteNumber("InitDurationMs", Math.Round(r.InitDurationMs, 3));
                w.WriteNumber("DurationMs", Math.Round(r.DurationMs, 3));
                w.WriteNumber("PeakMemoryBytes", r.PeakMemoryBytes);
                w.WriteString("ErrorType", r.ErrorType);
                w.WriteString("EnvironmentId", r.EnvironmentId);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });

    private static async Task JsonAsync(HttpContext context, int status, string requestId, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        context.Response.ContentLength = buffer.Length;
        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Lambda's REST error: the code in <c>x-amzn-ErrorType</c>, <c>{"Type","Message"}</c> in the body.</summary>
    private static async Task ErrorAsync(HttpContext context, AwsServiceException error, string requestId)
    {
        if (context.Response.HasStarted)
        {
            return;
        }
        context.Response.Headers["x-amzn-ErrorType"] = error.Code;
        await JsonAsync(context, error.Status, requestId, w =>
        {
            w.WriteStartObject();
            w.WriteString("Type", error.Status >= 500 ? "Service" : "User");
            w.WriteString("Message", error.Message);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }
}
