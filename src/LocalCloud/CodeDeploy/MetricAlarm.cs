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
    string MetricName,
    IReadOnlyDictionary<string, string> Dimensions,
    string Statistic,
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
        if (properties.ContainsKey("Metrics"))
        {
            throw new TemplateException($"{where}.Metrics: alarm {name} uses metric math, which the local cloud does not evaluate; a deployment group's alarms here watch one AWS/Lambda metric each");
        }
        var ns = TemplateValues.OptionalText(properties, "Namespace", where);
        var metric = TemplateValues.OptionalText(properties, "MetricName", where) ?? "";
        if (ns != "AWS/Lambda" || !s_metrics.Contains(metric, StringComparer.Ordinal))
        {
            throw new TemplateException($"{where}: alarm {name} watches {ns} {metric}; the local cloud computes only AWS/Lambda {string.Join(", ", s_metrics)} for a deployment's alarms");
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
            throw new TemplateException($"{where}.Dimensions: alarm {name} needs a FunctionName dimension for the local cloud to know whose invocations it watches");
        }
        var statistic = TemplateValues.OptionalText(properties, "Statistic", where)
            ?? TemplateValues.OptionalText(properties, "ExtendedStatistic", where)
            ?? throw new TemplateException($"{where}: alarm {name} needs Statistic or ExtendedStatistic");
        if (!s_statistics.Contains(statistic, StringComparer.Ordinal) && Percentile(statistic) is null)
        {
            throw new TemplateException($"{where}: statistic {statistic} of alarm {name} is not one of {string.Join(", ", s_statistics)} or pNN");
        }
        var comparison = TemplateValues.OptionalText(properties, "ComparisonOperator", where) ?? "";
        if (!s_comparisons.Contains(comparison, StringComparer.Ordinal))
        {
            throw new TemplateException($"{where}: ComparisonOperator {comparison} of alarm {name} is not one of {string.Join(", ", s_comparisons)}");
        }
        var periods = TemplateValues.OptionalInt(properties, "EvaluationPeriods", where) ?? 1;
        var threshold = TemplateValues.OptionalText(properties, "Threshold", where) ?? throw new TemplateException($"{where}: Threshold is required");
        return new MetricAlarm(name, metric, dimensions, statistic,
            TimeSpan.FromSeconds(TemplateValues.OptionalInt(properties, "Period", where) ?? 60),
            periods,
            TemplateValues.OptionalInt(properties, "DatapointsToAlarm", where) ?? periods,
            double.Parse(threshold, NumberStyles.Float, CultureInfo.InvariantCulture),
            comparison,
            TemplateValues.OptionalText(properties, "TreatMissingData", where) ?? "missing");
    }

    /// <summary>Whether the alarm is in ALARM now, and what it saw.</summary>
    public (bool Alarm, string Reason) Evaluate(IReadOnlyList<InvocationRecord> records, DateTimeOffset now, DeploymentSettings settings)
    {
        var period = settings.Scaled(Period);
        var mine = records.Where(Matches).ToList();
        var breaching = 0;
        var seen = new List<string>();
        for (var i = 0; i < EvaluationPeriods; i++)
        {
            var end = now - (period * i);
            var start = end - period;
            var inPeriod = mine.Where(r => r.Started > start && r.Started <= end).ToList();
            var value = Value(inPeriod);
            if (value is null)
            {
                breaching += TreatMissingData == "breaching" ? 1 : 0;
                seen.Add("no data");
                continue;
            }
            seen.Add(value.Value.ToString("0.###", CultureInfo.InvariantCulture));
            breaching += Breaches(value.Value) ? 1 : 0;
        }
        var alarm = breaching >= DatapointsToAlarm;
        return (alarm, $"alarm {Name} ({MetricName} {Statistic} {ComparisonOperator} {Threshold.ToString(CultureInfo.InvariantCulture)}): "
            + $"{breaching.ToString(CultureInfo.InvariantCulture)} of {EvaluationPeriods.ToString(CultureInfo.InvariantCulture)} datapoints breaching [{string.Join(", ", seen)}]");
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

    private double? Value(List<InvocationRecord> records)
    {
        var values = MetricName switch
        {
            "Errors" => records.Select(r => r.ErrorType is null ? 0.0 : 1.0).ToList(),
            "Invocations" => records.Select(_ => 1.0).ToList(),
            "Duration" => records.Select(r => r.DurationMs).ToList(),
            _ => [],
        };
        if (values.Count == 0)
        {
            // Lambda publishes Errors, Invocations and Throttles only for periods with invocations; Throttles are not recorded here.
            return MetricName == "Throttles" && records.Count > 0 ? 0 : null;
        }
        return Statistic switch
        {
            "Sum" => values.Sum(),
            "Average" => values.Average(),
            "Maximum" => values.Max(),
            "Minimum" => values.Min(),
            "SampleCount" => values.Count,
            _ => PercentileOf(values, Percentile(Statistic)!.Value),
        };
    }

    private static double? Percentile(string statistic) =>
        statistic.Length > 1 && statistic[0] == 'p' && double.TryParse(statistic.AsSpan(1), NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p is > 0 and <= 100 ? p : null;

    private static double PercentileOf(List<double> values, double percentile)
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
