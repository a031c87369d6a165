using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Sluice.LocalCloud.CloudFormation;
using Sluice.LocalCloud.CloudFormation.Template;
using Sluice.LocalCloud.CodeDeploy;
using Sluice.LocalCloud.Lambda;
using Sluice.LocalCloud.Lambda.Runtime;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.CloudWatch;

/// <summary>
/// CloudWatch's query protocol (2010-08-01), read-only: DescribeAlarms answers the alarms of the
/// local CloudFormation stacks with the state they have now, evaluated as a deployment evaluates them
/// (AWS/Lambda metrics of the invocations the local cloud ran, alarm periods on the deployment clock;
/// other alarms are INSUFFICIENT_DATA, saying why); GetMetricData and GetMetricStatistics answer
/// AWS/Lambda Errors, Invocations, Duration and Throttles per function, alias or version, on real time.
/// </summary>
internal sealed class CloudWatchHandler(CloudFormationService cloudFormation, ILambdaControlPlane lambda, DeploymentSettings settings) : IAwsServiceHandler
{
    private const string Namespace = "http://monitoring.amazonaws.com/doc/2010-08-01/";

    private static readonly HashSet<string> s_actions = new(StringComparer.Ordinal) { "DescribeAlarms", "GetMetricData", "GetMetricStatistics" };

    public string SigningName => "monitoring";

    public IReadOnlyList<string> TargetPrefixes { get; } = [];

    public string? QueryVersion => "2010-08-01";

    public string QueryNamespace => Namespace;

    public string JsonContentType => "application/x-amz-json-1.0";

    public string JsonErrorPrefix => "";

    public bool KnowsQueryAction(string action) => s_actions.Contains(action);

    public ValueTask<AwsResponse> HandleAsync(AwsRequest request, CancellationToken cancellationToken)
    {
        if (request.Protocol != AwsProtocol.Query)
        {
            throw new AwsServiceException("UnknownOperationException", "The local CloudWatch speaks the query protocol only (the AWS CLI v2 and SDKs that use it)");
        }
        var q = request.Query;
        var xml = new StringBuilder();
        switch (request.Action)
        {
            case "DescribeAlarms":
                DescribeAlarms(q, xml);
                break;
            case "GetMetricData":
                GetMetricData(q, xml);
                break;
            case "GetMetricStatistics":
                GetMetricStatistics(q, xml);
                break;
            default:
                throw new AwsServiceException("InvalidAction", $"The action {request.Action} is not valid for this web service.");
        }
        return ValueTask.FromResult(AwsResponse.Xml(XmlText.Envelope(request.Action, Namespace, request.RequestId, xml.ToString())));
    }

    private void DescribeAlarms(QueryParameters q, StringBuilder xml)
    {
        var names = Members(q, "AlarmNames.member");
        var prefix = q["AlarmNamePrefix"];
        var stateFilter = q["StateValue"];
        if (stateFilter is not (null or "OK" or "ALARM" or "INSUFFICIENT_DATA"))
        {
            throw Validation($"1 validation error detected: Value '{stateFilter}' at 'stateValue' failed to satisfy constraint: Member must satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]");
        }
        var alarms = cloudFormation.Read((stacks, _) => stacks.Where(s => !s.IsDeleted)
            .SelectMany(s => s.Resources.Select(r => r.Resource))
            .Where(r => r.Type == ResourceTypes.Alarm)
            .ToList());
        var now = settings.Clock.GetUtcNow();
        xml.Append("<MetricAlarms>");
        foreach (var alarm in alarms.OrderBy(a => a.PhysicalId, StringComparer.Ordinal))
        {
            if ((names.Count > 0 && !names.Contains(alarm.PhysicalId)) || (prefix is not null && !alarm.PhysicalId.StartsWith(prefix, StringComparison.Ordinal)))
            {
                continue;
            }
            var properties = alarm.Properties ?? [];
            var (state, reason) = StateOf(alarm.PhysicalId, properties, alarm.LogicalId, now);
            if (stateFilter is not null && state != stateFilter)
            {
                continue;
            }
            xml.Append("<member>");
            xml.Element("AlarmName", alarm.PhysicalId);
            xml.Element("AlarmArn", alarm.Attributes.GetValueOrDefault("Arn"));
            xml.Element("AlarmDescription", Text(properties, "AlarmDescription"));
            xml.Element("ActionsEnabled", (Text(properties, "ActionsEnabled") ?? "true").ToLowerInvariant());
            foreach (var list in new[] { "OKActions", "AlarmActions", "InsufficientDataActions" })
            {
                xml.Append('<').Append(list).Append('>');
                foreach (var action in properties[list] as JsonArray ?? [])
                {
                    xml.Element("member", action?.ToString());
                }
                xml.Append("</").Append(list).Append('>');
            }
            xml.Element("StateValue", state);
            xml.Element("StateReason", reason);
            xml.Element("StateUpdatedTimestamp", Timestamp(now));
            foreach (var name in new[] { "MetricName", "Namespace", "Statistic", "ExtendedStatistic", "Period", "EvaluationPeriods", "DatapointsToAlarm", "Threshold", "ComparisonOperator", "TreatMissingData", "Unit" })
            {
                xml.Element(name, Text(properties, name));
            }
            WriteDimensions(xml, properties["Dimensions"] as JsonArray);
            if (properties["Metrics"] is JsonArray metrics)
            {
                xml.Append("<Metrics>");
                foreach (var metric in metrics.OfType<JsonObject>())
                {
                    xml.Append("<member>");
                    xml.Element("Id", Text(metric, "Id"));
                    xml.Element("Expression", Text(metric, "Expression"));
                    xml.Element("Label", Text(metric, "Label"));
                    xml.Element("ReturnData", (Text(metric, "ReturnData") ?? "true").ToLowerInvariant());
                    if (metric["MetricStat"] is JsonObject stat)
                    {
                        xml.Append("<MetricStat><Metric>");
                        var inner = stat["Metric"] as JsonObject ?? [];
                        xml.Element("Namespace", Text(inner, "Namespace"));
                        xml.Element("MetricName", Text(inner, "MetricName"));
                        WriteDimensions(xml, inner["Dimensions"] as JsonArray);
                        xml.Append("</Metric>");
                        xml.Element("Period", Text(stat, "Period"));
                        xml.Element("Stat", Text(stat, "Stat"));
                        xml.Append("</MetricStat>");
                    }
                    xml.Append("</member>");
                }
                xml.Append("</Metrics>");
            }
            xml.Append("</member>");
        }
        xml.Append("</MetricAlarms><CompositeAlarms/>");
    }

    /// <summary>The alarm's state now, or INSUFFICIENT_DATA with the reason the local cloud cannot compute it.</summary>
    private (string State, string Reason) StateOf(string name, JsonObject properties, string logicalId, DateTimeOffset now)
    {
        MetricAlarm alarm;
        try
        {
            alarm = MetricAlarm.From(name, properties, $"Resources.{logicalId}.Properties");
        }
        catch (TemplateException e)
        {
            return ("INSUFFICIENT_DATA", "Not evaluated by the local cloud: " + e.Message);
        }
        var records = alarm.FunctionNames.SelectMany(Invocations).ToList();
        return alarm.State(records, now, settings.Scaled(alarm.Period));
    }

    private void GetMetricData(QueryParameters q, StringBuilder xml)
    {
        var (start, end) = (Time(q, "StartTime"), Time(q, "EndTime"));
        var queries = new List<(MetricQuery Query, string? Label, TimeSpan Period)>();
        for (var i = 1; q[$"MetricDataQueries.member.{i}.Id"] is { } id; i++)
        {
            var at = $"MetricDataQueries.member.{i}";
            var returned = !string.Equals(q[at + ".ReturnData"], "false", StringComparison.OrdinalIgnoreCase);
            if (q[at + ".Expression"] is { } expression)
            {
                try
                {
                    queries.Add((new MetricQuery(id, returned, null, null, MetricExpression.Parse(expression, at + ".Expression")), q[at + ".Label"], TimeSpan.Zero));
                }
                catch (TemplateException e)
                {
                    throw Validation(e.Message);
                }
                continue;
            }
            var metric = at + ".MetricStat.Metric";
            var statPeriod = int.TryParse(q[at + ".MetricStat.Period"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                ? TimeSpan.FromSeconds(seconds)
                : throw Validation($"The value for parameter {at}.MetricStat.Period must be a positive number of seconds.");
            var stat = q[at + ".MetricStat.Stat"] ?? throw Validation($"The parameter {at}.MetricStat.Stat is required.");
            queries.Add((new MetricQuery(id, returned, Metric(q[metric + ".Namespace"], q[metric + ".MetricName"], Dimensions(q, metric + ".Dimensions.member")), stat, null), q[at + ".Label"], statPeriod));
        }
        if (queries.Count == 0)
        {
            throw Validation("The parameter MetricDataQueries is required.");
        }
        var period = queries.Select(x => x.Period).Where(x => x > TimeSpan.Zero).DefaultIfEmpty(TimeSpan.FromMinutes(1)).Min();
        var records = queries.Where(x => x.Query.Metric is { } m && m.Dimensions.ContainsKey("FunctionName"))
            .Select(x => x.Query.Metric!.Dimensions["FunctionName"]).Distinct(StringComparer.Ordinal).SelectMany(Invocations).ToList();
        var series = queries.ToDictionary(x => x.Query.Id, _ => new List<(DateTimeOffset, double)>(), StringComparer.Ordinal);
        for (var from = start; from < end; from += period)
        {
            var inPeriod = records.Where(r => r.Started >= from && r.Started < from + period).ToList();
            var values = MetricAlarm.Values(queries.Select(x => x.Query).Where(x => x.Metric is null || x.Metric.Dimensions.ContainsKey("FunctionName")).ToList(), inPeriod);
            foreach (var (id, value) in values)
            {
                if (value is { } v)
                {
                    series[id].Add((from, v));
                }
            }
        }
        xml.Append("<MetricDataResults>");
        foreach (var (query, label, _) in queries.Where(x => x.Query.ReturnData))
        {
            xml.Append("<member>");
            xml.Element("Id", query.Id);
            xml.Element("Label", label ?? query.Metric?.MetricName ?? query.Id);
            var points = series[query.Id].OrderByDescending(p => p.Item1).ToList();
            xml.Append("<Timestamps>");
            points.ForEach(p => xml.Element("member", Timestamp(p.Item1)));
            xml.Append("</Timestamps><Values>");
            points.ForEach(p => xml.Element("member", p.Item2.ToString("R", CultureInfo.InvariantCulture)));
            xml.Append("</Values>");
            xml.Element("StatusCode", "Complete");
            xml.Append("</member>");
        }
        xml.Append("</MetricDataResults><Messages/>");
    }

    private void GetMetricStatistics(QueryParameters q, StringBuilder xml)
    {
        var (start, end) = (Time(q, "StartTime"), Time(q, "EndTime"));
        var period = int.TryParse(q["Period"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0
            ? TimeSpan.FromSeconds(p)
            : throw Validation("The parameter Period must be a positive number of seconds.");
        var statistics = Members(q, "Statistics.member").Concat(Members(q, "ExtendedStatistics.member")).ToList();
        if (statistics.Count == 0)
        {
            throw Validation("Must specify either Statistics or ExtendedStatistics.");
        }
        var metric = Metric(q["Namespace"], q["MetricName"], Dimensions(q, "Dimensions.member"));
        var records = metric is not null && metric.Dimensions.TryGetValue("FunctionName", out var function) ? Invocations(function) : [];
        xml.Element("Label", q["MetricName"]);
        xml.Append("<Datapoints>");
        for (var from = start; metric is not null && from < end; from += period)
        {
            var inPeriod = records.Where(r => r.Started >= from && r.Started < from + period).ToList();
            if (metric.Value(inPeriod, "SampleCount") is null)
            {
                continue;
            }
            xml.Append("<member>");
            xml.Element("Timestamp", Timestamp(from));
            var extended = new StringBuilder();
            foreach (var statistic in statistics)
            {
                var value = metric.Value(inPeriod, statistic)?.ToString("R", CultureInfo.InvariantCulture);
                if (MetricAlarm.Percentile(statistic) is not null)
                {
                    extended.Append("<entry>").Element("key", statistic).Element("value", value).Append("</entry>");
                }
                else
                {
                    xml.Element(statistic, value);
                }
            }
            if (extended.Length > 0)
            {
                xml.Append("<ExtendedStatistics>").Append(extended).Append("</ExtendedStatistics>");
            }
            xml.Element("Unit", q["MetricName"] == "Duration" ? "Milliseconds" : "Count");
            xml.Append("</member>");
        }
        xml.Append("</Datapoints>");
    }

    private IReadOnlyList<InvocationRecord> Invocations(string function)
    {
        try
        {
            return lambda.Invocations(function);
        }
        catch (AwsServiceException)
        {
            return [];
        }
    }

    /// <summary>An AWS/Lambda metric the local cloud computes, or null for any other (which has no data here).</summary>
    private static LambdaMetric? Metric(string? ns, string? name, Dictionary<string, string> dimensions) =>
        ns == "AWS/Lambda" && name is "Errors" or "Invocations" or "Duration" or "Throttles" && dimensions.ContainsKey("FunctionName")
            ? new LambdaMetric(name, dimensions)
            : null;

    private static Dictionary<string, string> Dimensions(QueryParameters q, string prefix)
    {
        var dimensions = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; q[$"{prefix}.{i}.Name"] is { } name; i++)
        {
            dimensions[name] = q[$"{prefix}.{i}.Value"] ?? throw Validation($"The parameter {prefix}.{i}.Value is required.");
        }
        return dimensions;
    }

    private static List<string> Members(QueryParameters q, string prefix)
    {
        var members = new List<string>();
        for (var i = 1; q[$"{prefix}.{i}"] is { } value; i++)
        {
            members.Add(value);
        }
        return members;
    }

    private static DateTimeOffset Time(QueryParameters q, string name) =>
        q[name] is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw Validation($"The parameter {name} is required and must be a timestamp.");

    private static string? Text(JsonObject properties, string name) => properties[name] switch
    {
        null => null,
        JsonValue v => v.ToString(),
        var other => other.ToJsonString(),
    };

    private static void WriteDimensions(StringBuilder xml, JsonArray? dimensions)
    {
        xml.Append("<Dimensions>");
        foreach (var dimension in dimensions?.OfType<JsonObject>() ?? [])
        {
            xml.Append("<member>");
            xml.Element("Name", Text(dimension, "Name"));
            xml.Element("Value", Text(dimension, "Value"));
            xml.Append("</member>");
        }
        xml.Append("</Dimensions>");
    }

    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static AwsServiceException Validation(string message) => new("InvalidParameterValue", message);
}
