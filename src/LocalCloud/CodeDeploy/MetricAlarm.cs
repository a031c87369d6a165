using System.Globalization;
using System.Text.Json.Nodes;
using Sluice.LocalCloud.CloudFormation.Template;
using Sluice.LocalCloud.Lambda.Runtime;

namespace Sluice.LocalCloud.CodeDeploy;

/// <summary>
/// A CloudWatch metric alarm on a Lambda function's metrics (<c>AWS/Lambda</c> Errors, Invocations,
/// Duration, Throttles), evaluated as CloudWatch evaluates it: the statistic of each of the last
/// <see cref="EvaluationPeriods"/> periods, breaching by the comparison, in ALARM when at least
/// <see cref="DatapointsToAlarm"/> of them breach. The data are the invocations the local cloud ran.
/// </summary>
internal sealed record MetricAlarm(
    string Name,
    IReadOnlyList<MetricQuery> Queries,
    TimeSpan Period,
    int EvaluationPeriods,
    int DatapointsToAlarm,
    double Threshold,
    string ComparisonOperator,
    string TreatMissingData)
{
    private static readonly string[] s_metrics = ["Errors", "Invocations", "Duration", "Throttles"];
    private static readonly string[] s_statistics = ["Sum", "Average", "Maximum", "Minimum", "SampleCount"];
    private static readonly string[] s_comparisons = ["GreaterThanThreshold", "GreaterThanOrEqualToThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold"];

    public static MetricAlarm From(string name, JsonObject properties, string where)
    {
        var queries = new List<MetricQuery>();
        TimeSpan period;
        if (properties["Metrics"] is JsonArray metrics)
        {
            // Metric math: each MetricStat is one metric; the one query with ReturnData (default true) is the alarm's value.
            period = TimeSpan.Zero;
            foreach (var (entry, i) in metrics.Select((e, i) => (e, i)))
            {
                var at = $"{where}.Metrics[{i}]";
                var o = entry as JsonObject ?? throw new TemplateException($"{at}: expected a mapping");
                var id = TemplateValues.OptionalText(o, "Id", at) ?? throw new TemplateException($"{at}: Id is required");
                var returned = TemplateValues.OptionalBool(o, "ReturnData", at) ?? true;
                if (TemplateValues.OptionalObject(o, "MetricStat", at) is { } stat)
                {
                    var metric = TemplateValues.OptionalObject(stat, "Metric", at + ".MetricStat") ?? throw new TemplateException($"{at}.MetricStat: Metric is required");
                    var statPeriod = TimeSpan.FromSeconds(TemplateValues.OptionalInt(stat, "Period", at + ".MetricStat") ?? throw new TemplateException($"{at}.MetricStat: Period is required"));
                    period = period == TimeSpan.Zero ? statPeriod : period;
                    queries.Add(new MetricQuery(id, returned, Metric(name, metric, at + ".MetricStat.Metric"),
                        Statistic(name, TemplateValues.OptionalText(stat, "Stat", at + ".MetricStat"), at + ".MetricStat"), null));
                }
                else
                {
                    var expression = TemplateValues.OptionalText(o, "Expression", at) ?? throw new TemplateException($"{at}: a query needs MetricStat or Expression");
                    queries.Add(new MetricQuery(id, returned, null, null, MetricExpression.Parse(expression, at + ".Expression")));
                }
            }
            if (queries.Count(q => q.ReturnData) != 1)
            {
                throw new TemplateException($"{where}.Metrics: exactly one query of alarm {name} must have ReturnData true");
            }
            if (period == TimeSpan.Zero)
            {
                throw new TemplateException($"{where}.Metrics: alarm {name} has no MetricStat");
            }
        }
        else
        {
            var metric = Metric(name, properties, where);
            var statistic = Statistic(name, TemplateValues.OptionalText(properties, "Statistic", where) ?? TemplateValues.OptionalText(properties, "ExtendedStatistic", where), where);
            queries.Add(new MetricQuery("m1", true, metric, statistic, null));
            period = TimeSpan.FromSeconds(TemplateValues.OptionalInt(properties, "Period", where) ?? 60);
        }
        var comparison = TemplateValues.OptionalText(properties, "ComparisonOperator", where) ?? "";
        if (!s_comparisons.Contains(comparison, StringComparer.Ordinal))
        {
            throw new TemplateException($"{where}: ComparisonOperator {comparison} of alarm {name} is not one of {string.Join(", ", s_comparisons)}");
        }
        var periods = TemplateValues.OptionalInt(properties, "EvaluationPeriods", where) ?? 1;
        var threshold = TemplateValues.OptionalText(properties, "Threshold", where) ?? throw new TemplateException($"{where}: Threshold is required");
        return new MetricAlarm(name, queries, period, periods,
            TemplateValues.OptionalInt(properties, "DatapointsToAlarm", where) ?? periods,
            double.Parse(threshold, NumberStyles.Float, CultureInfo.InvariantCulture),
            comparison,
            TemplateValues.OptionalText(properties, "TreatMissingData", where) ?? "missing");
    }

    /// <summary>One AWS/Lambda metric with its dimensions (Namespace, MetricName, Dimensions of an alarm or a MetricStat's Metric).</summary>
    private static LambdaMetric Metric(string alarm, JsonObject properties, string where)
    {
        var ns = TemplateValues.OptionalText(properties, "Namespace", where);
        var metric = TemplateValues.OptionalText(properties, "MetricName", where) ?? "";
        if (ns != "AWS/Lambda" || !s_metrics.Contains(metric, StringComparer.Ordinal))
        {
            throw new TemplateException($"{where}: alarm {alarm} watches {ns} {metric}; the local cloud computes only AWS/Lambda {string.Join(", ", s_metrics)} for a deployment's alarms");
        }
        var dimensions = new Dictionary<string, string>(StringComparer.Ordinal);
        if (properties["Dimensions"] is JsonArray list)
        {
            foreach (var (entry, i) in list.Select((e, i) => (e, i)))
            {
                var at = $"{where}.Dimensions[{i}]";
                var o = entry as JsonObject ?? throw new TemplateException($"{at}: expected a mapping");
                dimensions[TemplateValues.OptionalText(o, "Name", at) ?? throw new TemplateException($"{at}: Name is required")] =
                    TemplateValues.OptionalText(o, "Value", at) ?? throw new TemplateException($"{at}: Value is required");
            }
        }
        if (!dimensions.ContainsKey("FunctionName"))
        {
            throw new TemplateException($"{where}.Dimensions: alarm {alarm} needs a FunctionName dimension for the local cloud to know whose invocations it watches");
        }
        return new LambdaMetric(metric, dimensions);
    }

    private static string Statistic(string alarm, string? statistic, string where)
    {
        if (statistic is null)
        {
            throw new TemplateException($"{where}: alarm {alarm} needs a statistic");
        }
        return s_statistics.Contains(statistic, StringComparer.Ordinal) || Percentile(statistic) is not null
            ? statistic
            : throw new TemplateException($"{where}: statistic {statistic} of alarm {alarm} is not one of {string.Join(", ", s_statistics)} or pNN");
    }

    /// <summary>Whether the alarm is in ALARM now, and what it saw.</summary>
    public (bool Alarm, string Reason) Evaluate(IReadOnlyList<InvocationRecord> records, DateTimeOffset now, DeploymentSettings settings)
    {
        var (state, reason) = State(records, now, settings.Scaled(Period));
        return (state == "ALARM", reason);
    }

    /// <summary>The functions whose invocations the alarm's metrics count.</summary>
    public IEnumerable<string> FunctionNames => Queries.Where(q => q.Metric is not null).Select(q => q.Metric!.Dimensions["FunctionName"]).Distinct(StringComparer.Ordinal);

    /// <summary>
    /// CloudWatch's state of the alarm over its last <see cref="EvaluationPeriods"/> periods of <paramref name="period"/>:
    /// ALARM, OK, or INSUFFICIENT_DATA when no period has data and missing data is treated as missing.
    /// </summary>
    public (string State, string Reason) State(IReadOnlyList<InvocationRecord> records, DateTimeOffset now, TimeSpan period)
    {
        var breaching = 0;
        var withData = 0;
        var seen = new List<string>();
        for (var i = 0; i < EvaluationPeriods; i++)
        {
            var end = now - (period * i);
            var start = end - period;
            var inPeriod = records.Where(r => r.Started > start && r.Started <= end).ToList();
            var value = Value(inPeriod);
            if (value is null)
            {
                breaching += TreatMissingData == "breaching" ? 1 : 0;
                seen.Add("no data");
                continue;
            }
            withData++;
            seen.Add(value.Value.ToString("0.###", CultureInfo.InvariantCulture));
            breaching += Breaches(value.Value) ? 1 : 0;
        }
        var state = breaching >= DatapointsToAlarm ? "ALARM"
            : withData == 0 && TreatMissingData is "missing" or "ignore" ? "INSUFFICIENT_DATA"
            : "OK";
        return (state, $"alarm {Name} ({Queries.Single(q => q.ReturnData)} {ComparisonOperator} {Threshold.ToString(CultureInfo.InvariantCulture)}): "
            + $"{breaching.ToString(CultureInfo.InvariantCulture)} of {EvaluationPeriods.ToString(CultureInfo.InvariantCulture)} datapoints breaching [{string.Join(", ", seen)}]");
    }

    /// <summary>The returned query's value over one period's invocations; null when it has no data.</summary>
    private double? Value(List<InvocationRecord> records) => Values(Queries, records)[Queries.Single(q => q.ReturnData).Id];

    /// <summary>Every query's value over one period's invocations (null: no data), metrics first, then expressions in order.</summary>
    public static Dictionary<string, double?> Values(IReadOnlyList<MetricQuery> queries, IReadOnlyList<InvocationRecord> records)
    {
        var values = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var query in queries.Where(q => q.Expression is null))
        {
            // A metric the local cloud does not compute has no data.
            values[query.Id] = query.Metric?.Value(records, query.Statistic!);
        }
        foreach (var query in queries.Where(q => q.Expression is not null))
        {
            values[query.Id] = query.Expression!.Evaluate(values);
        }
        return values;
    }

    internal static double? Percentile(string statistic) =>
        statistic.Length > 1 && statistic[0] == 'p' && double.TryParse(statistic.AsSpan(1), NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p is > 0 and <= 100 ? p : null;

    internal static double PercentileOf(List<double> values, double percentile)
    {
        var sorted = values.Order().ToList();
        var index = (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }

    private bool Breaches(double value) => ComparisonOperator switch
    {
        "GreaterThanThreshold" => value > Threshold,
        "GreaterThanOrEqualToThreshold" => value >= Threshold,
        "LessThanThreshold" => value < Threshold,
        _ => value <= Threshold,
    };
}

/// <summary>One query of an alarm: a Lambda metric with its statistic, or an expression over other queries' ids.</summary>
internal sealed record MetricQuery(string Id, bool ReturnData, LambdaMetric? Metric, string? Statistic, MetricExpression? Expression)
{
    public override string ToString() => Metric is not null ? $"{Metric.MetricName} {Statistic}" : $"{Id} = {Expression}";
}

/// <summary>An AWS/Lambda metric of one function, narrowed by its Resource and ExecutedVersion dimensions.</summary>
internal sealed record LambdaMetric(string MetricName, IReadOnlyDictionary<string, string> Dimensions)
{
    public double? Value(IEnumerable<InvocationRecord> records, string statistic)
    {
        var mine = records.Where(Matches).ToList();
        var values = MetricName switch
        {
            "Errors" => mine.Select(r => r.ErrorType is null ? 0.0 : 1.0).ToList(),
            "Invocations" => mine.Select(_ => 1.0).ToList(),
            "Duration" => mine.Select(r => r.DurationMs).ToList(),
            _ => [],
        };
        if (values.Count == 0)
        {
            // Lambda publishes a function's metrics only for periods with invocations; Throttles are not recorded here.
            return MetricName == "Throttles" && mine.Count > 0 ? 0 : null;
        }
        return statistic switch
        {
            "Sum" => values.Sum(),
            "Average" => values.Average(),
            "Maximum" => values.Max(),
            "Minimum" => values.Min(),
            "SampleCount" => values.Count,
            _ => MetricAlarm.PercentileOf(values, MetricAlarm.Percentile(statistic)!.Value),
        };
    }

    private bool Matches(InvocationRecord record)
    {
        if (record.FunctionName != Dimensions["FunctionName"])
        {
            return false;
        }
        if (Dimensions.TryGetValue("ExecutedVersion", out var version) && record.Version != version)
        {
            return false;
        }
        if (Dimensions.TryGetValue("Resource", out var resource))
        {
            // Resource is the function, or function:qualifier for invocations through that alias or version.
            var qualifier = resource.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 ? resource[(colon + 1)..] : null;
            var invokedQualifier = record.InvokedArn.Split(':') is { Length: 8 } parts ? parts[7] : null;
            return qualifier == invokedQualifier;
        }
        return true;
    }
}
