using System.Globalization;
using System.Text;
using System.Text.Json;
using Sluice.LocalCloud.Lambda.Runtime;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Lambda.Api;

/// <summary>
/// The Lambda REST API (2015-03-31) the AWS CLI and SDKs call: Invoke, GetFunction,
/// GetFunctionConfiguration, UpdateFunctionConfiguration, ListFunctions, DeleteFunction, the version and alias calls,
/// ListEventSourceMappings, GetEventSourceMapping, UpdateEventSourceMapping; and the
/// local cloud's own read-outs of each function's log lines and invocation records.
/// </summary>
internal sealed class LambdaRestApi(LambdaService lambda)
{
    private const string Functions = "/2015-03-31/functions";
    private const string Mappings = "/2015-03-31/event-source-mappings";
    private const string Local = "/_localcloud/lambda/functions";
    private const int MaxSyncPayload = 6 * 1024 * 1024;
    private const int MaxAsyncPayload = 1024 * 1024;

    /// <summary>The operations <see cref="RouteAsync"/> serves; a request for one is held to the Lambda model first.</summary>
    internal static IReadOnlySet<string> Operations { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "ListFunctions", "GetFunction", "DeleteFunction", "GetFunctionConfiguration", "Invoke", "PublishVersion",
        "ListVersionsByFunction", "CreateAlias", "ListAliases", "GetAlias", "UpdateAlias", "DeleteAlias",
        "ListEventSourceMappings", "GetEventSourceMapping", "UpdateFunctionConfiguration", "UpdateEventSourceMapping",
    };

    /// <summary>
    /// The local read-outs, every path of the 2015-03-31 API, and a path under any other of the model's API
    /// versions (<c>/2019-09-30/functions/.../provisioned-concurrency</c>, <c>/2017-10-31/tags/...</c>) signed for
    /// Lambda, so that an operation this API does not serve is answered in Lambda's protocol, by name.
    /// </summary>
    public static bool Handles(HttpRequest request)
    {
        var path = request.Path;
        if (path.StartsWithSegments("/2015-03-31", StringComparison.Ordinal) || path.StartsWithSegments(Local, StringComparison.Ordinal))
        {
            return true;
        }
        var value = path.Value ?? "";
        var end = value.IndexOf('/', 1);
        var first = end < 0 ? value.TrimStart('/') : value[1..end];
        return ServiceModel.For("lambda") is { } model && model.FirstSegments.Contains(first)
            && SigV4Scope.Parse(request.Headers.Authorization.ToString())?.Service == "lambda";
    }

    public async Task HandleAsync(HttpContext context)
    {
        var requestId = Guid.NewGuid().ToString();
        try
        {
            await CheckAgainstModelAsync(context).ConfigureAwait(false);
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

    /// <summary>
    /// Holds a request of a served operation to its input shape in AWS's Lambda model (path labels, query
    /// string, headers and JSON body together), as AWS does before the function is looked up.
    /// </summary>
    private static async Task CheckAgainstModelAsync(HttpContext context)
    {
        var request = context.Request;
        string? Query(string name) => request.Query.TryGetValue(name, out var v) ? v.ToString() : null;
        if (ServiceModel.For("lambda") is not { } model
            || model.Route(request.Method, request.Path.Value ?? "/", Query) is not { } route)
        {
            return;
        }
        if (!Operations.Contains(route.Operation))
        {
            // Named by the model but not served: refused by name rather than answered by a route of the same path.
            throw new AwsServiceException("UnknownOperationException",
                $"{route.Operation} is not served by the Sluice local cloud's Lambda (it serves {string.Join(", ", Operations.Order(StringComparer.Ordinal))}).", 404);
        }
        if (model.Input(route.Operation) is not { } input)
        {
            return;
        }
        ReadOnlyMemory<byte> body = default;
        if (input.Payload is null)
        {
            request.EnableBuffering();
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            request.Body.Position = 0;
            body = buffer.ToArray();
        }
        using var gathered = RestInput.Gather(input, route.Labels, Query, h => request.Headers.TryGetValue(h, out var v) ? v.ToString() : null, body);
        var violations = ModelValidator.Check(input, gathered.RootElement);
        if (violations.Count > 0)
        {
            throw AwsServiceException.Validation(ModelViolation.Message(violations));
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
            var method = request.Method;
            switch (segments.Length, segments.Length > 3 ? segments[3] : null)
            {
                case (4, "versions"):
                    await VersionsAsync(context, name, requestId).ConfigureAwait(false);
                    return;
                case (4, "aliases") or (5, "aliases"):
                    await AliasesAsync(context, name, segments.Length == 5 ? segments[4] : null, requestId).ConfigureAwait(false);
                    return;
            }
            var qualifier = request.Query["Qualifier"].ToString();
            var qualified = qualifier.Length > 0 ? name + ":" + qualifier : name;
            switch (segments.Length, method, segments.Length > 3 ? segments[3] : null)
            {
                case (3, "GET", _):
                    await JsonAsync(context, 200, requestId, w => GetFunction(w, lambda.Function(qualified))).ConfigureAwait(false);
                    return;
                case (3, "DELETE", _):
                    DeleteFunction(name, qualifier);
                    context.Response.StatusCode = 204;
                    context.Response.Headers["x-amzn-RequestId"] = requestId;
                    return;
                case (4, "GET", "configuration"):
                    await JsonAsync(context, 200, requestId, w => FunctionConfiguration.Write(w, lambda.Function(qualified))).ConfigureAwait(false);
                    return;
                case (4, "PUT", "configuration"):
                    {
                        using var body = await BodyAsync(context).ConfigureAwait(false);
                        var updated = UpdateConfiguration(name, new JsonInput(body.RootElement));
                        await JsonAsync(context, 200, requestId, w => FunctionConfiguration.Write(w, updated)).ConfigureAwait(false);
                        return;
                    }
                case (4, "POST", "invocations"):
                    await InvokeAsync(context, lambda.Resolve(qualified), requestId).ConfigureAwait(false);
                    return;
            }
        }
        if (path == Mappings && get)
        {
            var functionFilter = request.Query["FunctionName"].ToString();
            var sourceFilter = request.Query["EventSourceArn"].ToString();
            // A qualified name lists the mappings of that version or alias; a plain one, every mapping of the function.
            var functionArn = functionFilter.Length > 0 ? lambda.Function(functionFilter).Definition.FunctionArn : null;
            var qualifiedFilter = functionFilter.Length > 0 && lambda.QualifiedArn(functionFilter) is var q && q != functionArn ? q : null;
            await JsonAsync(context, 200, requestId, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("EventSourceMappings");
                foreach (var m in lambda.Mappings())
                {
                    if ((functionArn is null || m.Function.Definition.FunctionArn == functionArn)
                        && (qualifiedFilter is null || m.FunctionArn == qualifiedFilter)
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
        if (path.StartsWith(Mappings + "/", StringComparison.Ordinal) && segments.Length == 3 && HttpMethods.IsPut(request.Method))
        {
            using var body = await BodyAsync(context).ConfigureAwait(false);
            var updated = UpdateMapping(segments[2], new JsonInput(body.RootElement));
            await JsonAsync(context, 202, requestId, updated.WriteConfiguration).ConfigureAwait(false);
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

    /// <summary>PublishVersion (POST) and ListVersionsByFunction (GET) on <c>functions/{name}/versions</c>.</summary>
    private async Task VersionsAsync(HttpContext context, string name, string requestId)
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method))
        {
            using var body = await BodyAsync(context).ConfigureAwait(false);
            var input = new JsonInput(body.RootElement);
            var published = lambda.PublishVersion(name, input.String("CodeSha256"), input.String("Description"), input.String("RevisionId"));
            await JsonAsync(context, 201, requestId, w => FunctionConfiguration.Write(w, published)).ConfigureAwait(false);
            return;
        }
        RequireMethod(request, "GET");
        var versions = lambda.Versions(name);
        await PageAsync(context, requestId, "Versions", versions, (w, v) => FunctionConfiguration.Write(w, v, listed: true), 50).ConfigureAwait(false);
    }

    /// <summary>CreateAlias, ListAliases, GetAlias, UpdateAlias and DeleteAlias on <c>functions/{name}/aliases[/{alias}]</c>.</summary>
    private async Task AliasesAsync(HttpContext context, string name, string? alias, string requestId)
    {
        var request = context.Request;
        switch (alias, request.Method)
        {
            case (null, "POST"):
                {
                    using var body = await BodyAsync(context).ConfigureAwait(false);
                    var input = new JsonInput(body.RootElement);
                    var created = lambda.CreateAlias(name,
                        input.String("Name") ?? throw Missing("name"),
                        input.String("FunctionVersion") ?? throw Missing("functionVersion"),
                        input.String("Description"),
                        Weights(input));
                    await JsonAsync(context, 201, requestId, w => WriteAlias(w, created)).ConfigureAwait(false);
                    return;
                }
            case (null, "GET"):
                {
                    var version = request.Query["FunctionVersion"].ToString();
                    var aliases = lambda.Aliases(name, version.Length > 0 ? version : null);
                    await PageAsync(context, requestId, "Aliases", aliases, WriteAlias, 50).ConfigureAwait(false);
                    return;
                }
            case ({ } one, "GET"):
                {
                    var found = lambda.GetAlias(name, one);
                    await JsonAsync(context, 200, requestId, w => WriteAlias(w, found)).ConfigureAwait(false);
                    return;
                }
            case ({ } one, "PUT"):
                {
                    using var body = await BodyAsync(context).ConfigureAwait(false);
                    var input = new JsonInput(body.RootElement);
                    var updated = lambda.UpdateAlias(name, one, input.String("FunctionVersion"), input.String("Description"), Weights(input), input.String("RevisionId"));
                    await JsonAsync(context, 200, requestId, w => WriteAlias(w, updated)).ConfigureAwait(false);
                    return;
                }
            case ({ } one, "DELETE"):
                lambda.DeleteAlias(name, one);
                context.Response.StatusCode = 204;
                context.Response.Headers["x-amzn-RequestId"] = requestId;
                return;
            default:
                throw new AwsServiceException("UnknownOperationException", $"Unknown operation {request.Method} {request.Path}", 404);
        }
    }

    /// <summary>
    /// UpdateFunctionConfiguration: Role, Handler, Description, Timeout, MemorySize, Environment, Runtime
    /// and LoggingConfig.LogGroup change; a setting the local Lambda cannot apply (a VPC, layers, file
    /// systems, a dead-letter queue, a KMS key, active tracing, JSON logs) is refused saying why.
    /// </summary>
    private LambdaFunction UpdateConfiguration(string name, JsonInput input)
    {
        foreach (var member in (string[])["VpcConfig", "Layers", "FileSystemConfigs", "DeadLetterConfig", "KMSKeyArn", "ImageConfig", "SnapStart", "EphemeralStorage"])
        {
            if (input.Has(member) && !Empty(input.Element.GetProperty(member)))
            {
                throw LambdaErrors.InvalidParameter($"{member} is not served by the local Lambda: its functions run as local processes with the settings GetFunctionConfiguration shows.");
            }
        }
        if (input.Object("TracingConfig")?.String("Mode") is { } mode && mode != "PassThrough")
        {
            throw LambdaErrors.InvalidParameter($"TracingConfig Mode {mode} is not served by the local Lambda (it has no X-Ray); use PassThrough.");
        }
        var logging = input.Object("LoggingConfig");
        if (logging?.String("LogFormat") is { } format && format != "Text")
        {
            throw LambdaErrors.InvalidParameter($"LoggingConfig LogFormat {format} is not served by the local Lambda: it keeps each function's log as text.");
        }
        var timeout = input.Int("Timeout");
        var memory = input.Int("MemorySize");
        var environment = input.Object("Environment") is { } env ? env.StringMap("Variables") ?? [] : null;
        return lambda.UpdateFunctionConfiguration(name, input.String("RevisionId"), d => d with
        {
            RoleArn = input.String("Role") ?? d.RoleArn,
            Handler = input.String("Handler") ?? d.Handler,
            Description = input.String("Description") ?? d.Description,
            TimeoutSeconds = timeout ?? d.TimeoutSeconds,
            MemorySizeMb = memory ?? d.MemorySizeMb,
            Runtime = input.String("Runtime") ?? d.Runtime,
            Environment = environment ?? d.Environment,
            LogGroupName = logging?.String("LogGroup") ?? d.LogGroupName,
        });
    }

    /// <summary>
    /// UpdateEventSourceMapping: the settings the pollers read per batch change in place and the mapping
    /// keeps its position; the rest (Enabled, ParallelizationFactor, ScalingConfig, DestinationConfig)
    /// are refused by the mapping saying so, and members the local Lambda does not serve are refused here.
    /// </summary>
    private EventSources.EventSourceMapping UpdateMapping(string uuid, JsonInput input)
    {
        foreach (var member in (string[])["FilterCriteria", "SourceAccessConfigurations", "TumblingWindowInSeconds", "DocumentDBEventSourceConfig",
            "KMSKeyArn", "MetricsConfig", "ProvisionedPollerConfig"])
        {
            if (input.Has(member) && !Empty(input.Element.GetProperty(member)))
            {
                throw LambdaErrors.InvalidParameter($"{member} is not served by the local Lambda's event source mappings.");
            }
        }
        var mapping = lambda.Mapping(uuid);
        var d = mapping.Definition;
        var onFailure = input.Object("DestinationConfig") is { } destinations
            ? destinations.Object("OnFailure")?.String("Destination")
            : d.OnFailureDestinationArn;
        var scaling = input.Object("ScalingConfig") is { } scalingConfig ? scalingConfig.Int("MaximumConcurrency") : d.ScalingMaximumConcurrency;
        lambda.UpdateEventSourceMapping(d with
        {
            FunctionName = input.String("FunctionName") ?? d.FunctionName,
            Enabled = input.Bool("Enabled") ?? d.Enabled,
            BatchSize = input.Int("BatchSize") ?? d.BatchSize,
            MaximumBatchingWindowInSeconds = input.Int("MaximumBatchingWindowInSeconds") ?? d.MaximumBatchingWindowInSeconds,
            ParallelizationFactor = input.Int("ParallelizationFactor") ?? d.ParallelizationFactor,
            BisectBatchOnFunctionError = input.Bool("BisectBatchOnFunctionError") ?? d.BisectBatchOnFunctionError,
            MaximumRetryAttempts = input.Int("MaximumRetryAttempts") ?? d.MaximumRetryAttempts,
            MaximumRecordAgeInSeconds = input.Int("MaximumRecordAgeInSeconds") ?? d.MaximumRecordAgeInSeconds,
            FunctionResponseTypes = input.StringList("FunctionResponseTypes") ?? d.FunctionResponseTypes,
            OnFailureDestinationArn = onFailure,
            ScalingMaximumConcurrency = scaling,
        });
        return lambda.Mapping(uuid);
    }

    /// <summary>A member given with nothing in it (<c>{"SubnetIds": []}</c>, <c>[]</c>, <c>""</c>): what SDKs send to clear a setting.</summary>
    private static bool Empty(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null => true,
        JsonValueKind.String => element.GetString()!.Length == 0,
        JsonValueKind.Array => element.GetArrayLength() == 0,
        JsonValueKind.Object => element.EnumerateObject().All(p => Empty(p.Value)),
        _ => false,
    };

    /// <summary>DeleteFunction: with a version number, that version; without a qualifier, the function with its versions and aliases.</summary>
    private void DeleteFunction(string name, string qualifier)
    {
        var function = lambda.Function(name);
        switch (qualifier)
        {
            case "":
                lambda.DeleteFunction(function.Definition.FunctionName);
                return;
            case LambdaFunction.Latest:
                throw LambdaErrors.InvalidParameter("$LATEST version cannot be deleted without deleting the function.");
            default:
                if (!qualifier.All(char.IsAsciiDigit))
                {
                    throw LambdaErrors.InvalidParameter("Deletion of aliases is not currently supported.");
                }
                lambda.DeleteVersion(function.Definition.FunctionName, qualifier);
                return;
        }
    }

    private static AwsServiceException Missing(string member) =>
        LambdaErrors.InvalidParameter($"1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null");

    private static void RequireMethod(HttpRequest request, string method)
    {
        if (request.Method != method)
        {
            throw new AwsServiceException("UnknownOperationException", $"Unknown operation {request.Method} {request.Path}", 404);
        }
    }

    /// <summary>RoutingConfig.AdditionalVersionWeights: null when RoutingConfig is absent, empty when it is given without weights.</summary>
    private static Dictionary<string, double>? Weights(JsonInput input)
    {
        if (input.Object("RoutingConfig") is not { } routing)
        {
            return null;
        }
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        if (routing.Object("AdditionalVersionWeights") is { } map)
        {
            foreach (var entry in map.Element.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.Number)
                {
                    throw new AwsServiceException("SerializationException", $"Expected a number for AdditionalVersionWeights.{entry.Name}", 400);
                }
                weights[entry.Name] = entry.Value.GetDouble();
            }
        }
        return weights;
    }

    private static void WriteAlias(Utf8JsonWriter w, FunctionAlias alias)
    {
        w.WriteStartObject();
        w.WriteString("AliasArn", alias.Arn);
        w.WriteString("Name", alias.Name);
        w.WriteString("FunctionVersion", alias.FunctionVersion);
        w.WriteString("Description", alias.Description);
        if (alias.AdditionalVersion is { } extra)
        {
            w.WriteStartObject("RoutingConfig");
            w.WriteStartObject("AdditionalVersionWeights");
            w.WriteNumber(extra, alias.AdditionalWeight);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteString("RevisionId", alias.RevisionId);
        w.WriteEndObject();
    }

    /// <summary>A Marker/MaxItems page of a list, with NextMarker when more follow.</summary>
    private static Task PageAsync<T>(HttpContext context, string requestId, string member, IReadOnlyList<T> items, Action<Utf8JsonWriter, T> write, int defaultMax)
    {
        var query = context.Request.Query;
        var max = defaultMax;
        if (query["MaxItems"].ToString() is { Length: > 0 } maxText
            && (!int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out max) || max is < 1 or > 10000))
        {
            throw LambdaErrors.InvalidParameter($"1 validation error detected: Value '{maxText}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 10000");
        }
        var start = 0;
        if (query["Marker"].ToString() is { Length: > 0 } marker
            && (!int.TryParse(marker, NumberStyles.None, CultureInfo.InvariantCulture, out start) || start > items.Count))
        {
            throw LambdaErrors.InvalidParameter($"Invalid marker: {marker}");
        }
        var page = items.Skip(start).Take(max).ToList();
        var next = start + page.Count < items.Count ? (start + page.Count).ToString(CultureInfo.InvariantCulture) : null;
        return JsonAsync(context, 200, requestId, w =>
        {
            w.WriteStartObject();
            if (next is not null)
            {
                w.WriteString("NextMarker", next);
            }
            w.WriteStartArray(member);
            foreach (var item in page)
            {
                write(w, item);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static async Task<JsonDocument> BodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        return JsonInput.ParseDocument(buffer.ToArray());
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

    private async Task InvokeAsync(HttpContext context, LambdaService.Target target, string requestId)
    {
        var function = target.Function;
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
                lambda.InvokeAsyncEvent(target.InvokedArn, payload);
                response.StatusCode = 202;
                response.Headers["x-amzn-RequestId"] = requestId;
                response.ContentLength = 0;
                return;
            case "RequestResponse":
                break;
            default:
                throw new AwsServiceException("InvalidParameterValueException", $"1 validation error detected: Value '{type}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]");
        }
        if (!lambda.Started)
        {
            throw new InvalidOperationException("The Lambda service has not been started");
        }
        var (outcome, record) = await function.InvokeAsync(payload, waitForCapacity: false, context.RequestAborted, target.InvokedArn).ConfigureAwait(false);
        response.StatusCode = 200;
        response.ContentType = "application/json";
        response.Headers["x-amzn-RequestId"] = record.RequestId;
        response.Headers["X-Amz-Executed-Version"] = function.Version;
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
                w.WriteString("Version", r.Version);
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
