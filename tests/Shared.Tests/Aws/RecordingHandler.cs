using System.Net;
using System.Text;

namespace Sluice.Shared.Tests.Aws;

/// <summary>An HTTP handler that records each request and answers from a script, in order.</summary>
internal sealed class RecordingHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> _script = new();

    public List<RecordedRequest> Requests { get; } = [];

    public RecordingHandler Respond(HttpStatusCode status, string body, string contentType, params (string Name, string Value)[] headers)
    {
        _script.Enqueue(_ =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8) };
            response.Content.Headers.Remove("Content-Type");
            response.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            foreach (var (name, value) in headers)
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }

            return response;
        });
        return this;
    }

    public RecordingHandler RespondJson(HttpStatusCode status, string body, params (string Name, string Value)[] headers) =>
        Respond(status, body, "application/x-amz-json-1.1", headers);

    public RecordingHandler RespondXml(HttpStatusCode status, string body, params (string Name, string Value)[] headers) =>
        Respond(status, body, "text/xml", headers);

    public RecordingHandler Fail(Exception exception)
    {
        _script.Enqueue(_ => throw exception);
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()))
        {
            headers[header.Key] = string.Join(",", header.Value);
        }

        Requests.Add(new RecordedRequest(request.Method.Method, request.RequestUri!, headers, body));
        if (_script.Count == 0)
        {
            throw new InvalidOperationException($"Unexpected request #{Requests.Count} to {request.RequestUri}.");
        }

        return _script.Dequeue()(request);
    }
}
