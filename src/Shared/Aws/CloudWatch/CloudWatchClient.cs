using System.Globalization;

namespace Sluice.Shared.Aws.CloudWatch;

/// <summary>
/// Amazon CloudWatch over the query protocol (API version 2010-08-01): GetMetricData, the read
/// <c>sluice console</c> makes for its functions page. Errors are <see cref="AwsServiceException"/>s.
/// </summary>
public sealed class CloudWatchClient
{
    internal const string ApiVersion = "2010-08-01";

    /// <summary>AWS's limit of metric queries in one GetMetricData call.</summary>
    public const int MaxQueries = 500;

    private readonly AwsHttpClient _transport;

    public CloudWatchClient(AwsClientOptions options, HttpClient http)
    {
        _transport = new AwsHttpClient(options, AwsService.CloudWatch, http);
    }

    /// <summary>
    /// GetMetricData for 1 to <see cref="MaxQueries"/> metric stats from <paramref name="start"/>
    /// (inclusive) to <paramref name="end"/> (exclusive), following <c>NextToken</c>: each query's
    /// values by its id, newest first, as CloudWatch orders them by default.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<MetricValue>>> GetMetricDataAsync(
        IReadOnlyList<MetricStatQuery> queries,
        DateTimeOffset start,
        DateTimeOffset end,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queries);
        if (queries.Count is 0 or > MaxQueries)
        {
            throw new ArgumentException($"GetMetricData takes 1 to {MaxQueries} queries, got {queries.Count}.", nameof(queries));
        }

        if (end <= start)
        {
            throw new ArgumentException("GetMetricData's end must be after its start.", nameof(end));
        }

        var values = queries.ToDictionary(q => q.Id, _ => new List<MetricValue>(), StringComparer.Ordinal);
        string? token = null;
        do
        {
            var form = new QueryForm("GetMetricData", ApiVersion);
            form.AddMembers("MetricDataQueries", queries, static (form, prefix, q) =>
            {
                form.Add(prefix + "Id", q.Id);
                form.Add(prefix + "MetricStat.Metric.Namespace", q.Namespace);
                form.Add(prefix + "MetricStat.Metric.MetricName", q.MetricName);
                form.AddMembers(prefix + "MetricStat.Metric.Dimensions", q.Dimensions.OrderBy(d => d.Key, StringComparer.Ordinal), static (form, at, d) =>
                {
                    form.Add(at + "Name", d.Key);
                    form.Add(at + "Value", d.Value);
                });
                form.Add(prefix + "MetricStat.Period", q.PeriodSeconds.ToString(CultureInfo.InvariantCulture));
                form.Add(prefix + "MetricStat.Stat", q.Stat);
                form.Add(prefix + "ReturnData", "true");
            });
            form.Add("StartTime", Timestamp(start));
            form.Add("EndTime", Timestamp(end));
            form.AddIfSet("NextToken", token);

            var root = await _transport.SendQueryAsync(form, cancellationToken).ConfigureAwait(false);
            var result = root.Child("GetMetricDataResult")
                ?? throw new InvalidDataException("CloudWatch GetMetricData response has no GetMetricDataResult.");
            foreach (var member in result.Members("MetricDataResults"))
            {
                var id = member.Required("Id", "GetMetricData MetricDataResults");
                if (!values.TryGetValue(id, out var list))
                {
                    continue;
                }

                var times = member.Members("Timestamps").Select(t => DateTimeOffset.Parse(t.Text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)).ToList();
                var numbers = member.Members("Values").Select(v => double.Parse(v.Text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture)).ToList();
                if (times.Count != numbers.Count)
                {
                    throw new InvalidDataException($"CloudWatch GetMetricData result '{id}' has {times.Count} timestamps and {numbers.Count} values.");
                }

                list.AddRange(times.Zip(numbers, (t, v) => new MetricValue(t, v)));
            }

            token = result.ChildText("NextToken") is { Length: > 0 } next ? next : null;
        }
        while (token is not null);

        return values.ToDictionary(v => v.Key, v => (IReadOnlyList<MetricValue>)v.Value, StringComparer.Ordinal);
    }

    private static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>One metric stat of a GetMetricData call: its id (a lowercase letter first), the metric, the period and the statistic (<c>Sum</c>, <c>p99</c>, ...).</summary>
public sealed record MetricStatQuery(string Id, string Namespace, string MetricName, IReadOnlyDictionary<string, string> Dimensions, int PeriodSeconds, string Stat);

/// <summary>One value of a metric stat and the start of its period.</summary>
public readonly record struct MetricValue(DateTimeOffset Timestamp, double Value);
