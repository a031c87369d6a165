using System.Text;
using System.Text.Json;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Hosting;

/// <summary>
/// Turns each HTTP request into an <see cref="AwsRequest"/> for the service it is meant for, and every
/// outcome (including bad input and bugs) into an AWS-shaped answer carrying a request id.
/// </summary>
internal sealed partial class RequestRouter
{
    private const int MaxBodyBytes = 16 * 1024 * 1024;
    private readonly IReadOnlyList<IAwsServiceHandler> _handlers;
    private readonly Dictionary<string, IAwsServiceHandler> _byTarget = new(StringComparer.Ordinal);
    private readonly LocalCloudOptions _options;
    private readonly ILogger _logger;

    public RequestRouter(IReadOnlyList<IAwsServiceHandler> handlers, LocalCloudOptions options, ILogger logger)
    {
        _handlers = handlers;
        _options = options;
        _logger = logger;
        foreach (var handler in handlers)
        {
            foreach (var prefix in handler.TargetPrefixes)
            {
                _byTarget.Add(prefix, handler);
            }
        }
    }

    public async Task HandleAsync(HttpContext context)
    {
        var requestId = Guid.NewGuid().ToString();
        var response = context.Response;
        response.Headers["x-amzn-RequestId"] = requestId;
        response.Headers["x-amz-request-id"] = requestId;
        AwsResponse answer;
        try
        {
            answer = await RouteAsync(context, requestId).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (AwsServiceException e)
        {
            // Refused before any service saw it (a body over the limit): the client's fault, in AWS's shape.
            answer = JsonError(null, e);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            answer = JsonError(null, TooLarge());
        }
        catch (Exception e) when (e is BadHttpRequestException or IOException)
        {
            answer = JsonError(null, new AwsServiceException("SerializationException", "The request could not be read: " + e.Message));
        }
        catch (Exception e)
        {
            LogUnexpected(_logger, e, context.Request.Path);
            answer = JsonError(null, new AwsServiceException("InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", 500, senderFault: false));
        }
        response.StatusCode = answer.Status;
        response.ContentType = answer.ContentType;
        foreach (var (name, value) in answer.Headers)
        {
            response.Headers[name] = value;
        }
        response.ContentLength = answer.Body.Length;
        await response.Body.WriteAsync(answer.Body, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task<AwsResponse> RouteAsync(HttpContext context, string requestId)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/_localcloud/health", StringComparison.Ordinal))
        {
            return Health();
        }
        var body = await ReadBodyAsync(request, context.RequestAborted).ConfigureAwait(false);
        var scope = SigV4Scope.Parse(request.Headers.Authorization.ToString());
        var region = scope?.Region is { } signed && RegionPattern().IsMatch(signed) ? signed : _options.Region;
        var contentType = request.ContentType ?? "";
        var target = request.Headers["X-Amz-Target"].ToString();
        if (target.Length > 0)
        {
            var dot = target.LastIndexOf('.');
            if (dot <= 0 || !_byTarget.TryGetValue(target[..dot], out var jsonHandler))
            {
                return JsonError(null, new AwsServiceException("UnknownOperationException", $"Unknown operation {target}"));
            }
            var json = new AwsRequest(AwsProtocol.Json, target[(dot + 1)..], body, null, region, requestId, request.Path.Value ?? "/", contentType);
            return await InvokeAsync(jsonHandler, json, context.RequestAborted).ConfigureAwait(false);
        }

        var isForm = contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
        if (isForm || request.QueryString.HasValue)
        {
            var form = QueryParameters.Parse(isForm ? body.Span : default, request.QueryString.Value);
            var action = form["Action"];
            var handler = FindQueryHandler(scope, form, action, request.Path.Value);
            if (handler is null)
            {
                var error = new AwsServiceException(action is null ? "MissingAction" : "InvalidAction",
                    action is null ? "Missing Action" : $"The action {action} is not valid for this endpoint.");
                return QueryError("https://aws.amazon.com/", error, requestId);
            }
            if (action is null || !handler.KnowsQueryAction(action))
            {
                var error = new AwsServiceException(action is null ? "MissingAction" : "InvalidAction",
                    action is null ? "Missing Action" : IAwsServiceHandler.UnknownActionMessage(handler, action));
                return QueryError(handler.QueryNamespace, error, requestId);
            }
            var query = new AwsRequest(AwsProtocol.Query, action, body, form, region, requestId, request.Path.Value ?? "/", contentType);
            return await InvokeAsync(handler, query, context.RequestAborted).ConfigureAwait(false);
        }

        var service = scope is { } s ? _handlers.FirstOrDefault(h => h.SigningName == s.Service) : null;
        return JsonError(service, new AwsServiceException("UnknownOperationException",
            "The request names no operation: send X-Amz-Target (JSON protocols) or a form-encoded Action (query protocol)."));
    }

    private IAwsServiceHandler? FindQueryHandler(SigV4Scope? scope, QueryParameters form, string? action, string? path)
    {
        if (scope is { } s && _handlers.FirstOrDefault(h => h.SigningName == s.Service && h.QueryVersion is not null) is { } signed)
        {
            return signed;
        }
        if (form["Version"] is { } version && _handlers.FirstOrDefault(h => h.QueryVersion == version) is { } versioned)
        {
            return versioned;
        }
        if (action is not null)
        {
            var candidates = _handlers.Where(h => h.QueryVersion is not null && h.KnowsQueryAction(action)).ToList();
            if (candidates.Count == 1)
            {
                return candidates[0];
            }
            // A queue URL path (/<account>/<queue>) only ever addresses SQS.
            if (candidates.Count > 1 && path is not null && path.Count(c => c == '/') >= 2)
            {
                return candidates.FirstOrDefault(h => h.SigningName == "sqs");
            }
        }
        return null;
    }

    private async Task<AwsResponse> InvokeAsync(IAwsServiceHandler handler, AwsRequest request, CancellationToken cancellationToken)
    {
        try
        {
            CheckAgainstModel(handler, request);
            return await handler.HandleAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e)
        {
            return request.Protocol == AwsProtocol.Json ? JsonError(handler, e) : QueryError(handler.QueryNamespace, e, request.RequestId);
        }
        catch (JsonException e)
        {
            var error = AwsServiceException.Serialization(e.Message);
            return request.Protocol == AwsProtocol.Json ? JsonError(handler, error) : QueryError(handler.QueryNamespace, error, request.RequestId);
        }
        catch (Exception e) when (e is FormatException or OverflowException or InvalidOperationException or ArgumentException)
        {
            var error = request.Protocol == AwsProtocol.Json
                ? new AwsServiceException("ValidationException", e.Message)
                : new AwsServiceException("InvalidParameterValue", e.Message);
            return request.Protocol == AwsProtocol.Json ? JsonError(handler, error) : QueryError(handler.QueryNamespace, error, request.RequestId);
        }
    }

    /// <summary>
    /// Holds a request of a served operation (JSON or query protocol) to its input shape in the service's API model, as AWS
    /// does before the service runs: a request that breaks it is refused with every violation named. A
    /// body that is not a JSON object is left to the service, whose parser says what is wrong with it.
    /// </summary>
    private static void CheckAgainstModel(IAwsServiceHandler handler, AwsRequest request)
    {
        if (handler.ModelName is not { } name || !handler.Serves(request.Action)
            || request.ContentType.Contains("cbor", StringComparison.OrdinalIgnoreCase)
            || ServiceModel.For(name) is not { } model
            || model.Input(request.Action) is not { } input
            // SQS's model is its JSON protocol's; its query names (Attribute.N.Name) are not in it.
            || (request.Protocol == AwsProtocol.Query && model.Protocol != "query"))
        {
            return;
        }
        JsonDocument document;
        try
        {
            document = request.Protocol == AwsProtocol.Query ? QueryInput.Gather(input, request.Query)
                : request.Body.IsEmpty ? JsonDocument.Parse("{}")
                : JsonDocument.Parse(request.Body, new JsonDocumentOptions { MaxDepth = 512 });
        }
        catch (JsonException)
        {
            return;
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return;
            }
            var violations = ModelValidator.Check(input, document.RootElement);
            if (violations.Count > 0 && handler.Refuse(violations) is { } refusal)
            {
                throw refusal;
            }
        }
    }

    private static AwsServiceException TooLarge() =>
        new("RequestEntityTooLarge", $"Request bodies are limited to {MaxBodyBytes} bytes.", 413);

    /// <summary>Reads the body, never more than one byte past the limit (a chunked body has no length to check first).</summary>
    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is > MaxBodyBytes)
        {
            throw TooLarge();
        }
        using var buffer = new MemoryStream(request.ContentLength is { } n ? (int)n : 4096);
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes)
            {
                throw TooLarge();
            }
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static AwsResponse JsonError(IAwsServiceHandler? handler, AwsServiceException error)
    {
        var type = (handler?.JsonErrorPrefix ?? "") + error.Code;
        var headers = new List<KeyValuePair<string, string>> { new("x-amzn-ErrorType", error.Code) };
        if (handler?.QueryVersion is not null)
        {
            // JSON services that replaced a query protocol (SQS) also name the legacy code, which SDKs map back.
            headers.Add(new("x-amzn-query-error", error.QueryCode + ";" + (error.SenderFault ? "Sender" : "Receiver")));
        }
        return new AwsResponse(error.Status, handler?.JsonContentType ?? "application/x-amz-json-1.1", JsonErrors.Body(type, error.Message)) { Headers = headers };
    }

    private static AwsResponse QueryError(string xmlNamespace, AwsServiceException error, string requestId) =>
        new(error.Status, "text/xml", Encoding.UTF8.GetBytes(XmlText.Error(xmlNamespace, error, requestId)));

    private AwsResponse Health()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("status", "running");
            writer.WriteString("region", _options.Region);
            writer.WriteStartArray("services");
            foreach (var h in _handlers)
            {
                writer.WriteStringValue(h.SigningName);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return new AwsResponse(200, "application/json", buffer.ToArray());
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$")]
    private static partial System.Text.RegularExpressions.Regex RegionPattern();

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure serving {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string path);
}
