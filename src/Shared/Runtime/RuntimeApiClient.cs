using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Sluice.Shared.Runtime;

/// <summary>
/// The Lambda Runtime API (version 2018-06-01) over HTTP: what Amazon.Lambda.RuntimeSupport does,
/// for exactly the four calls a custom runtime makes.
/// </summary>
public sealed class RuntimeApiClient : IDisposable
{
    private const string ErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";
    private static readonly MediaTypeHeaderValue s_jsonMediaType = new("application/json");

    private readonly HttpClient _http;
    private readonly string _baseUri;

    /// <param name="runtimeApi">The <c>host:port</c> from <c>AWS_LAMBDA_RUNTIME_API</c>.</param>
    public RuntimeApiClient(string runtimeApi, HttpMessageHandler? handler = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runtimeApi);
        _baseUri = $"http://{runtimeApi}/2018-06-01/runtime";
        // /next blocks until an event arrives, for as long as the environment is frozen: no client timeout.
        _http = new HttpClient(handler ?? new SocketsHttpHandler { UseProxy = false, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public async Task<Invocation> NextAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"{_baseUri}/invocation/next", HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        await EnsureAcceptedAsync(response, "invocation/next", cancellationToken).ConfigureAwait(false);
        var headers = response.Headers;
        var requestId = Header(headers, "Lambda-Runtime-Aws-Request-Id")
            ?? throw new RuntimeApiException(response.StatusCode, "invocation/next answered without Lambda-Runtime-Aws-Request-Id.");
        var deadline = long.TryParse(Header(headers, "Lambda-Runtime-Deadline-Ms"), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? ms : 0;
        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new Invocation(
            requestId,
            deadline,
            Header(headers, "Lambda-Runtime-Invoked-Function-Arn") ?? string.Empty,
            Header(headers, "Lambda-Runtime-Trace-Id"),
            payload);
    }

    public async Task PostResponseAsync(string requestId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = s_jsonMediaType;
        using var response = await _http.PostAsync($"{_baseUri}/invocation/{Uri.EscapeDataString(requestId)}/response", content, cancellationToken).ConfigureAwait(false);
        await EnsureAcceptedAsync(response, "invocation/response", cancellationToken).ConfigureAwait(false);
    }

    public Task PostErrorAsync(string requestId, ErrorBody error, CancellationToken cancellationToken) =>
        SendErrorAsync($"{_baseUri}/invocation/{Uri.EscapeDataString(requestId)}/error", error, cancellationToken);

    public Task PostInitErrorAsync(ErrorBody error, CancellationToken cancellationToken) =>
        SendErrorAsync($"{_baseUri}/init/error", error, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task SendErrorAsync(string uri, ErrorBody error, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(error, RuntimeJsonContext.Default.ErrorBody));
        content.Headers.ContentType = s_jsonMediaType;
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        request.Headers.TryAddWithoutValidation(ErrorTypeHeader, error.ErrorType);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureAcceptedAsync(response, uri[(_baseUri.Length + 1)..], cancellationToken).ConfigureAwait(false);
    }

    private static async Task EnsureAcceptedAsync(HttpResponseMessage response, string call, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var message = $"Runtime API {call} answered {(int)response.StatusCode}: {body}";
        if (response.StatusCode == HttpStatusCode.InternalServerError)
        {
            throw new RuntimeApiUnavailableException(message);
        }

        throw new RuntimeApiException(response.StatusCode, message);
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
