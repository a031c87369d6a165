using System.Text.Json;

namespace Sluice.Shared.Aws.Lambda;

/// <summary>
/// AWS Lambda over its REST API (restJson, API version 2015-03-31): ListFunctions, the read
/// <c>sluice console</c> makes for its functions page. Errors are <see cref="AwsServiceException"/>s.
/// </summary>
public sealed class LambdaClient
{
    private readonly AwsHttpClient _transport;

    public LambdaClient(AwsClientOptions options, HttpClient http)
    {
        _transport = new AwsHttpClient(options, AwsService.Lambda, http);
    }

    /// <summary>One ListFunctions page (Lambda: at most 50 functions) after <paramref name="marker"/>.</summary>
    public async Task<(IReadOnlyList<FunctionSummary> Functions, string? NextMarker)> ListFunctionsAsync(string? marker = null, CancellationToken cancellationToken = default)
    {
        var endpoint = _transport.Endpoint;
        var uri = new System.Text.StringBuilder()
            .Append(endpoint.Scheme).Append("://").Append(endpoint.Authority).Append(endpoint.AbsolutePath.TrimEnd('/'))
            .Append("/2015-03-31/functions/");
        if (marker is not null)
        {
            uri.Append('?').Append(AwsHttpClient.FormEncode([new("Marker", marker)]));
        }

        var body = await _transport.SendGetAsync(new Uri(uri.ToString()), cancellationToken, jsonErrors: true).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var functions = new List<FunctionSummary>();
            if (root.TryGetProperty("Functions", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var f in list.EnumerateArray())
                {
                    var name = Text(f, "FunctionName") ?? throw new InvalidDataException("Lambda ListFunctions returned a function without FunctionName.");
                    var logGroup = f.TryGetProperty("LoggingConfig", out var logging) && logging.ValueKind == JsonValueKind.Object ? Text(logging, "LogGroup") : null;
                    functions.Add(new FunctionSummary(
                        name,
                        Text(f, "FunctionArn") ?? "",
                        Text(f, "Runtime"),
                        Number(f, "MemorySize"),
                        Number(f, "Timeout"),
                        logGroup ?? "/aws/lambda/" + name,
                        Text(f, "LastModified")));
                }
            }

            return (functions, Text(root, "NextMarker") is { Length: > 0 } next ? next : null);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Lambda ListFunctions returned a response that is not JSON: {e.Message}", e);
        }
    }

    /// <summary>Every function of the region, following <c>NextMarker</c>.</summary>
    public async IAsyncEnumerable<FunctionSummary> ListAllFunctionsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? marker = null;
        do
        {
            var (functions, next) = await ListFunctionsAsync(marker, cancellationToken).ConfigureAwait(false);
            foreach (var f in functions)
            {
                yield return f;
            }

            marker = next;
        }
        while (marker is not null);
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : null;
}

/// <summary>What ListFunctions says of one function; the log group is Lambda's default when the function names none.</summary>
public sealed record FunctionSummary(string FunctionName, string FunctionArn, string? Runtime, int? MemorySize, int? Timeout, string LogGroup, string? LastModified);
