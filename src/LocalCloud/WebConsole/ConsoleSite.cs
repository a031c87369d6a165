using System.Globalization;
using System.Text;
using System.Text.Json;
using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Lambda;
using Sluice.LocalCloud.S3;

namespace Sluice.LocalCloud.WebConsole;

/// <summary>
/// The local cloud's own pages: <c>GET /</c> (a health document, HTML for browsers), the console
/// under <c>/console/</c> (static files embedded in this assembly) and its read-only JSON API under
/// <c>/console/api/</c>. Only unsigned GET and HEAD requests for these paths are taken; everything
/// else, signed or not, goes on to the services and the front door's rules apply to it as before.
/// </summary>
internal sealed class ConsoleSite(LocalCloudOptions options, Func<IExecutionSource> executions, IReadOnlyList<string> services, LambdaService? lambda = null, Func<RegionalServices.Services>? home = null, IFunctionSource? functionSource = null)
{
    private const string Root = "/console";
    private const string Api = "/console/api";
    private const string Csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private static readonly HashSet<string> s_statuses = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE"];
    private static readonly HashSet<string> s_outcomes = ["running", "confirmed", "rejected", "failed", "timed out", "aborted"];

    private static readonly Dictionary<string, string> s_types = new(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".txt"] = "text/plain; charset=utf-8",
        [".md"] = "text/plain; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    private IExecutionSource? _source;

    private readonly IFunctionSource? _functions = functionSource ?? (lambda is null ? null : new LocalFunctions(lambda));

    private IExecutionSource Index => _source ??= executions();

    /// <summary>An unsigned GET or HEAD of <c>/</c> (no query) or of a path under <c>/console</c>, on the endpoint itself (not a bucket's host).</summary>
    public static bool Handles(HttpRequest request)
    {
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            || request.Headers.Authorization.Count > 0
            || request.Headers.ContainsKey("X-Amz-Target")
            || request.Query.ContainsKey("X-Amz-Credential")
            || request.Query.ContainsKey("X-Amz-Signature")
            || S3Addressing.VirtualHostBucket(request.Host.Host) is not null)
        {
            return false;
        }

        var path = request.Path;
        return (path.Value == "/" && !request.QueryString.HasValue) || path.StartsWithSegments(Root, StringComparison.Ordinal);
    }

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers.ContentSecurityPolicy = Csp;
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-store";
        var path = request.Path.Value ?? "/";
        try
        {
            if (path == "/")
            {
                await HomeAsync(context).ConfigureAwait(false);
            }
            else if (path == Root)
            {
                response.StatusCode = StatusCodes.Status302Found;
                response.Headers.Location = Root + "/";
            }
            else if (request.Path.StartsWithSegments(Api, StringComparison.Ordinal, out var rest))
            {
                await ApiAsync(context, rest.Value ?? "").ConfigureAwait(false);
            }
            else
            {
                var file = path[(Root.Length + 1)..];
                await StaticAsync(context, file.Length == 0 ? "index.html" : file).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The page went away.
        }
    }

    private async Task HomeAsync(HttpContext context)
    {
        var wantsHtml = context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
        if (wantsHtml)
        {
            var html = new StringBuilder()
                .Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sluice local cloud</title>")
                .Append("<link rel=\"icon\" href=\"/console/favicon.svg\"><link rel=\"stylesheet\" href=\"/console/console.css\"></head><body class=\"home\"><h1>Sluice local cloud</h1>")
                .Append("<p>Running in <b>").Append(Html(options.Region)).Append("</b>, account <b>").Append(Html(options.AccountId)).Append("</b>.</p>")
                .Append("<p><a href=\"/console/\">Open the console</a> (Step Functions executions, live).</p><h2>Services</h2><ul>");
            foreach (var service in services)
            {
                html.Append("<li>").Append(Html(service)).Append("</li>");
            }

            html.Append("</ul><p>AWS clients: <code>--endpoint-url http://").Append(Html(context.Request.Host.Value ?? "")).Append("</code></p></body></html>");
            await WriteAsync(context, 200, s_types[".html"], Encoding.UTF8.GetBytes(html.ToString())).ConfigureAwait(false);
            return;
        }

        await WriteJsonAsync(context, 200, writer =>
        {
            writer.WriteString("status", "running");
            writer.WriteString("region", options.Region);
            writer.WriteString("account", options.AccountId);
            writer.WriteStartArray("services");
            foreach (var service in services)
            {
                writer.WriteStringValue(service);
            }

            writer.WriteEndArray();
            writer.WriteString("console", "/console/");
        }).ConfigureAwait(false);
    }

    private async Task StaticAsync(HttpContext context, string file)
    {
        var type = s_types.GetValueOrDefault(Path.GetExtension(file));
        using var stream = type is null || file.Contains("..", StringComparison.Ordinal) ? null : typeof(ConsoleSite).Assembly.GetManifestResourceStream("WebConsole/" + file);
        if (stream is null)
        {
            await ErrorAsync(context, 404, "NotFound", $"The console has no file '{file}'.").ConfigureAwait(false);
            return;
        }

        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, 200, type!, buffer.ToArray()).ConfigureAwait(false);
    }

    private async Task ApiAsync(HttpContext context, string route)
    {
        switch (route)
        {
            case "/executions":
                await ExecutionsAsync(context).ConfigureAwait(false);
                break;
            case "/execution":
                await ExecutionAsync(context).ConfigureAwait(false);
                break;
            case "/invocations":
                await InvocationsAsync(context).ConfigureAwait(false);
                break;
            case "/functions" or "/function-log" when _functions is null:
                await ErrorAsync(context, 501, "NotImplemented", "This console reads executions only: it has no Lambda to read functions from.").ConfigureAwait(false);
                break;
            case "/functions":
                var page = await _functions.FunctionsAsync(context.RequestAborted).ConfigureAwait(false);
                await WriteJsonAsync(context, 200, writer => FunctionsView.WriteFunctions(writer, page)).ConfigureAwait(false);
                break;
            case "/function-log":
                await FunctionLogAsync(context).ConfigureAwait(false);
                break;
            case "/order":
                await OrderAsync(context).ConfigureAwait(false);
                break;
            default:
                await ErrorAsync(context, 404, "NotFound", $"The console API has no '{route}'.").ConfigureAwait(false);
                break;
        }
    }

    private async Task ExecutionsAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var status = Text(query["status"]);
        if (status is not null && !s_statuses.Contains(status))
        {
            await ErrorAsync(context, 400, "ValidationException", $"status must be one of {string.Join(", ", s_statuses)}.").ConfigureAwait(false);
            return;
        }

        var outcome = Text(query["outcome"]);
        if (outcome is not null && !s_outcomes.Contains(outcome))
        {
            await ErrorAsync(context, 400, "ValidationException", $"outcome must be one of {string.Join(", ", s_outcomes)}.").ConfigureAwait(false);
            return;
        }

        if (!Number(query["offset"], 0, 0, int.MaxValue, out var offset) || !Number(query["limit"], 50, 1, ExecutionIndex.MaxLimit, out var limit))
        {
            await ErrorAsync(context, 400, "ValidationException", $"offset must be a whole number from 0, limit one from 1 to {ExecutionIndex.MaxLimit}.").ConfigureAwait(false);
            return;
        }

        if (!Time(query["from"], out var from) || !Time(query["to"], out var to) || from > to)
        {
            await ErrorAsync(context, 400, "ValidationException", "from and to must be start times in epoch milliseconds, from not after to.").ConfigureAwait(false);
            return;
        }

        var index = Index;
        if (Text(query["since"]) is { } since && since == (await index.CursorAsync(context.RequestAborted).ConfigureAwait(false)).ToString(CultureInfo.InvariantCulture))
        {
            // Nothing started, ended or was redriven since the page last asked.
            await WriteJsonAsync(context, 200, writer =>
            {
                writer.WriteString("cursor", since);
                writer.WriteBoolean("unchanged", true);
            }).ConfigureAwait(false);
            return;
        }

        var page = await index.PageAsync(new ExecutionIndex.Query(status, outcome, Text(query["q"])?.Trim(), offset, limit, from, to), context.RequestAborted).ConfigureAwait(false);
        var now = options.Clock.GetUtcNow();
        await WriteJsonAsync(context, 200, writer =>
        {
            writer.WriteString("cursor", page.Cursor.ToString(CultureInfo.InvariantCulture));
            writer.WriteNumber("total", page.Total);
            writer.WriteNumber("matched", page.Matched);
            writer.WriteNumber("offset", offset);
            writer.WriteNumber("limit", limit);
            writer.WriteNumber("now", now.ToUnixTimeMilliseconds());
            writer.WriteStartObject("counts");
            foreach (var (name, count) in page.Counts)
            {
                writer.WriteNumber(name, count);
            }

            writer.WriteEndObject();
            writer.WriteStartArray("executions");
            foreach (var row in page.Rows)
            {
                var e = row.Execution;
                writer.WriteStartObject();
                writer.WriteString("executionArn", e.ExecutionArn);
                writer.WriteString("name", e.Name);
                writer.WriteString("stateMachineName", e.StateMachineName);
                writer.WriteString("status", e.Status);
                WriteOptional(writer, "orderId", row.OrderId);
                WriteOptional(writer, "outcome", row.Outcome);
                WriteOptional(writer, "error", row.Error);
                WriteOptional(writer, "cause", row.Cause);
                WriteOptional(writer, "failedState", row.FailedState);
                WriteOptional(writer, "catchingState", row.CatchingState);
                writer.WriteNumber("startDate", e.StartDate.ToUnixTimeMilliseconds());
                if (e.StopDate is { } stop)
                {
                    writer.WriteNumber("stopDate", stop.ToUnixTimeMilliseconds());
                }

                writer.WriteNumber("durationSeconds", Math.Round(Math.Max(0, ((e.StopDate ?? now) - e.StartDate).TotalSeconds), 3));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }).ConfigureAwait(false);
    }

    private async Task ExecutionAsync(HttpContext context)
    {
        var arn = Text(context.Request.Query["arn"]);
        if (arn is null)
        {
            await ErrorAsync(context, 400, "ValidationException", "arn is required: the execution's ARN.").ConfigureAwait(false);
            return;
        }

        var detail = await ExecutionView.ReadAsync(Index, arn, context.RequestAborted).ConfigureAwait(false);
        if (detail.Error is { } error)
        {
            await ErrorAsync(context, error.Status, error.Code, error.Message).ConfigureAwait(false);
            return;
        }

        await WriteAsync(context, 200, "application/json; charset=utf-8", detail.Body!).ConfigureAwait(false);
    }

    private async Task InvocationsAsync(HttpContext context)
    {
        var arn = Text(context.Request.Query["arn"]);
        if (arn is null || !long.TryParse(context.Request.Query["entered"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var entered))
        {
            await ErrorAsync(context, 400, "ValidationException", "arn and entered are required: the execution's ARN and the id of the state's StateEntered event.").ConfigureAwait(false);
            return;
        }

        var calls = await LambdaCalls.ReadAsync(Index, lambda, arn, entered, context.RequestAborted).ConfigureAwait(false);
        if (calls.Error is { } error)
        {
            await ErrorAsync(context, error.Status, error.Code, error.Message).ConfigureAwait(false);
            return;
        }

        await WriteAsync(context, 200, "application/json; charset=utf-8", calls.Body!).ConfigureAwait(false);
    }

    private async Task OrderAsync(HttpContext context)
    {
        var id = Text(context.Request.Query["id"])?.Trim();
        if (id is not { Length: > 0 and <= 256 })
        {
            await ErrorAsync(context, 400, "ValidationException", "id is required: the order id (the partition key of its records on the stream), at most 256 characters.").ConfigureAwait(false);
            return;
        }

        if (home is null || Index is not ExecutionIndex local)
        {
            await ErrorAsync(context, 501, "NotImplemented", "An order's path is followed by the local cloud's own console, which holds SNS's delivery record; this console reads executions only.").ConfigureAwait(false);
            return;
        }

        var body = await OrderPath.ReadAsync(id, home(), local, options.Clock.GetUtcNow(), context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, 200, "application/json; charset=utf-8", body).ConfigureAwait(false);
    }

    private async Task FunctionLogAsync(HttpContext context)
    {
        var name = Text(context.Request.Query["name"]);
        var afterText = Text(context.Request.Query["after"]);
        long after = 0;
        if (name is null || (afterText is not null && !long.TryParse(afterText, NumberStyles.None, CultureInfo.InvariantCulture, out after)))
        {
            await ErrorAsync(context, 400, "ValidationException", "name is required (a function's name), and after, when given, is the 'last' of a previous answer.").ConfigureAwait(false);
            return;
        }

        var (log, error) = await _functions!.LogAsync(name, afterText is null ? null : after, context.RequestAborted).ConfigureAwait(false);
        if (error is { } e)
        {
            await ErrorAsync(context, e.Status, e.Code, e.Message).ConfigureAwait(false);
            return;
        }

        await WriteJsonAsync(context, 200, writer => FunctionsView.WriteLog(writer, log!)).ConfigureAwait(false);
    }

    private static string? Text(Microsoft.Extensions.Primitives.StringValues value) => value.ToString() is { Length: > 0 } text ? text : null;

    private static bool Number(Microsoft.Extensions.Primitives.StringValues value, int fallback, int min, int max, out int number)
    {
        number = fallback;
        return value.Count == 0 || (int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out number) && number >= min && number <= max);
    }

    private static bool Time(Microsoft.Extensions.Primitives.StringValues value, out DateTimeOffset? time)
    {
        time = null;
        if (value.Count == 0 || value.ToString().Length == 0)
        {
            return true;
        }

        if (!long.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) || ms > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return false;
        }

        time = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return true;
    }

    /// <summary>A member of the console API's JSON only when it has a value.</summary>
    internal static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    /// <inheritdoc cref="WriteOptional(Utf8JsonWriter, string, string?)"/>
    internal static void WriteOptional(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }

    private static string Html(string text) => System.Net.WebUtility.HtmlEncode(text);

    private static Task ErrorAsync(HttpContext context, int status, string code, string message) =>
        WriteJsonAsync(context, status, writer =>
        {
            writer.WriteString("__type", code);
            writer.WriteString("message", message);
        });

    private static Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return WriteAsync(context, status, "application/json; charset=utf-8", buffer.ToArray());
    }

    private static async Task WriteAsync(HttpContext context, int status, string contentType, byte[] body)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
