using System.Net;
using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Sluice.Shared.Aws;

/// <summary>
/// Sends signed requests to one AWS service over an injected <see cref="HttpClient"/>, retrying
/// like the SDKs' standard mode, and turns error answers into <see cref="AwsServiceException"/>.
/// Connection failures and timeouts that outlast the attempts surface as
/// <see cref="HttpRequestException"/> / <see cref="TimeoutException"/>.
/// </summary>
public sealed class AwsHttpClient
{
    private readonly HttpClient _http;
    private readonly AwsClientOptions _options;
    private readonly SigV4Signer _signer;
    private readonly RetryQuota _quota;

    public AwsHttpClient(AwsClientOptions options, AwsService service, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(http);
        _options = options;
        _http = http;
        Service = service;
        Endpoint = options.ResolveEndpoint(service);
        // S3 signs the path as sent: no normalisation, no second encoding.
        _signer = new SigV4Signer(options.Credentials, options.Region, service.SigningName, normalizePath: service.SigningName != "s3");
        _quota = new RetryQuota(options.Retry.QuotaCapacity);
    }

    public AwsService Service { get; }

    public Uri Endpoint { get; }

    /// <summary>An awsJson 1.0/1.1 call: POST / with X-Amz-Target; returns the response body.</summary>
    /// <param name="jsonVersion">"1.0" or "1.1".</param>
    public Task<byte[]> SendJsonAsync(string target, string jsonVersion, byte[] body, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        ArgumentNullException.ThrowIfNull(body);
        if (jsonVersion is not ("1.0" or "1.1"))
        {
            throw new ArgumentOutOfRangeException(nameof(jsonVersion), jsonVersion, "Expected \"1.0\" or \"1.1\".");
        }

        var contentType = $"application/x-amz-json-{jsonVersion}";
        return SendAsync(body, contentType, target, AwsErrorParser.FromJson, cancellationToken);
    }

    /// <summary>
    /// An awsJson call with source-generated request and result types; <paramref name="target"/> is
    /// <c>Prefix.Operation</c> and <paramref name="serviceName"/> names the service in errors.
    /// </summary>
    public async Task<TResult> CallJsonAsync<TRequest, TResult>(
        string serviceName,
        string target,
        string jsonVersion,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResult> resultType,
        CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, requestType);
        var response = await SendJsonAsync(target, jsonVersion, body, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize(response, resultType)
            ?? throw new InvalidDataException($"{serviceName} {target[(target.IndexOf('.', StringComparison.Ordinal) + 1)..]} returned an empty response.");
    }

    /// <summary>An awsQuery call: form-encoded POST / (Action, Version, parameters); returns the parsed XML.</summary>
    internal async Task<XmlNode> SendQueryAsync(IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(FormEncode(parameters));
        var response = await SendAsync(body, "application/x-www-form-urlencoded; charset=utf-8", null, AwsErrorParser.FromXml, cancellationToken)
            .ConfigureAwait(false);
        try
        {
            return XmlReaderLite.Parse(Encoding.UTF8.GetString(response));
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"{Service} returned a success response that is not valid XML: {e.Message}", e);
        }
    }

    internal static string FormEncode(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var builder = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            SigV4Encoding.AppendUriEncoded(builder, name);
            builder.Append('=');
            SigV4Encoding.AppendUriEncoded(builder, value);
        }

        return builder.ToString();
    }

    /// <summary>
    /// A REST GET (S3, Lambda): <paramref name="uri"/> carries the encoded path and query; signed with
    /// <c>x-amz-content-sha256</c> of the empty body. Returns the body; errors are parsed from the
    /// service's XML (S3) or, with <paramref name="jsonErrors"/>, its JSON (restJson services).
    /// </summary>
    internal Task<byte[]> SendGetAsync(Uri uri, CancellationToken cancellationToken, bool jsonErrors = false)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, uri);
            _signer.Sign(request, [], _options.Clock.GetUtcNow(), addContentSha256: true);
            return request;
        }, jsonErrors ? AwsErrorParser.FromJson : AwsErrorParser.FromXml, cancellationToken);
    }

    private Task<byte[]> SendAsync(
        byte[] body,
        string contentType,
        string? target,
        Func<HttpStatusCode, HttpResponseHeaders, byte[], AwsServiceException> parseError,
        CancellationToken cancellationToken) =>
        SendAsync(() => BuildRequest(body, contentType, target), parseError, cancellationToken);

    private async Task<byte[]> SendAsync(
        Func<HttpRequestMessage> build,
        Func<HttpStatusCode, HttpResponseHeaders, byte[], AwsServiceException> parseError,
        CancellationToken cancellationToken)
    {
        var retry = _options.Retry;
        var spent = 0;
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Exception failure;
            bool retryable;
            bool throttled = false;
            TimeSpan? retryAfter = null;
            try
            {
                using var request = build();
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken)
                    .ConfigureAwait(false);
                var content = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    _quota.Release(spent > 0 ? spent : RetryQuota.NoRetryIncrement);
                    return content;
                }

                var error = parseError(response.StatusCode, response.Headers, content);
                (failure, retryable, throttled) = (error, error.IsRetryable, error.IsThrottling);
                retryAfter = RetryAfter(response.Headers);
            }
            catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
            {
                (failure, retryable) = (e, true);
            }
            catch (IOException e) when (!cancellationToken.IsCancellationRequested)
            {
                (failure, retryable) = (new HttpRequestException($"Reading the {Service} response failed: {e.Message}", e), true);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                // The caller did not cancel, so HttpClient.Timeout expired.
                (failure, retryable) = (new TimeoutException($"The {Service} request timed out after {_http.Timeout}.", e), true);
            }

            var cost = retryable && attempt < retry.MaxAttempts ? _quota.TryAcquire(throttled) : 0;
            if (cost == 0)
            {
                ExceptionDispatchInfo.Throw(failure);
            }

            // The SDKs give back only the last retry's cost on success.
            spent = cost;

            await retry.Delay(retry.Backoff(attempt, throttled, retryAfter), cancellationToken).ConfigureAwait(false);
        }
    }

    // x-amz-retry-after: whole milliseconds; anything else is ignored.
    private static TimeSpan? RetryAfter(HttpResponseHeaders headers) =>
        headers.TryGetValues("x-amz-retry-after", out var values)
        && long.TryParse(values.FirstOrDefault(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms)
        && ms <= (long)TimeSpan.MaxValue.TotalMilliseconds / 2
            ? TimeSpan.FromMilliseconds(ms)
            : null;

    private HttpRequestMessage BuildRequest(byte[] body, string contentType, string? target)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        if (target is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        }

        _signer.Sign(request, body, _options.Clock.GetUtcNow());
        return request;
    }
}
