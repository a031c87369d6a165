using System.Text.Json.Serialization.Metadata;

namespace Sluice.Shared.Aws.Logs;

/// <summary>
/// Amazon CloudWatch Logs over awsJson 1.1 (target prefix <c>Logs_20140328</c>): the reads the CLI's
/// <c>logs</c> command makes. Errors are <see cref="AwsServiceException"/>s (e.g. <c>ResourceNotFoundException</c>).
/// </summary>
public sealed class LogsClient
{
    private readonly AwsHttpClient _transport;

    public LogsClient(AwsClientOptions options, HttpClient http)
    {
        _transport = new AwsHttpClient(options, AwsService.Logs, http);
    }

    /// <summary>Events of a log group from all its streams, interleaved in time order, one page.</summary>
    /// <param name="startTime">Milliseconds since the epoch, inclusive; null for the group's oldest.</param>
    /// <param name="filterPattern">A CloudWatch Logs filter pattern; null for every event.</param>
    public Task<FilterLogEventsResult> FilterLogEventsAsync(
        string logGroupName,
        long? startTime = null,
        string? filterPattern = null,
        string? nextToken = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(logGroupName);
        return CallAsync(
            "FilterLogEvents",
            new FilterLogEventsRequest { LogGroupName = logGroupName, StartTime = startTime, FilterPattern = filterPattern, NextToken = nextToken },
            LogsJsonContext.Default.FilterLogEventsRequest,
            LogsJsonContext.Default.FilterLogEventsResult,
            cancellationToken);
    }

    /// <summary>Every page of <see cref="FilterLogEventsAsync"/>, following <c>nextToken</c>.</summary>
    public async IAsyncEnumerable<FilteredLogEvent> FilterAllLogEventsAsync(
        string logGroupName,
        long? startTime = null,
        string? filterPattern = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? token = null;
        do
        {
            var page = await FilterLogEventsAsync(logGroupName, startTime, filterPattern, token, cancellationToken).ConfigureAwait(false);
            foreach (var e in page.Events)
            {
                yield return e;
            }
            token = page.NextToken is { Length: > 0 } next ? next : null;
        }
        while (token is not null);
    }

    private Task<TResult> CallAsync<TRequest, TResult>(
        string operation,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResult> resultType,
        CancellationToken cancellationToken) =>
        _transport.CallJsonAsync("CloudWatch Logs", "Logs_20140328." + operation, "1.1", request, requestType, resultType, cancellationToken);
}
