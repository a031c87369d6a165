using System.Text.Json.Nodes;
using Sluice.LocalCloud.CloudFormation.Template;
using Sluice.LocalCloud.CodeDeploy;
using Sluice.LocalCloud.Lambda.Runtime;

namespace Sluice.LocalCloud.Tests.CodeDeploy;

/// <summary>Alarms a deployment group watches, evaluated as CloudWatch evaluates them, over invocation records.</summary>
public sealed class MetricAlarmTests
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly DeploymentSettings s_settings = new() { Minute = TimeSpan.FromSeconds(1) };
    private const string Arn = "arn:aws:lambda:us-east-1:000000000000:function:orchestrator";

    private static InvocationRecord Record(double secondsAgo, bool error, string version = "2", string invoked = Arn + ":live", double durationMs = 5) =>
        new(Guid.NewGuid().ToString(), "orchestrator", version, s_now.AddSeconds(-secondsAgo), false, 0, durationMs, 0, error ? "PaymentDeclined" : null, "env", invoked);

    private static MetricAlarm Alarm(string yaml) => MetricAlarm.From("Alarm", (JsonObject)TemplateYaml.Load(yaml, "alarm.yaml"), "Resources.Alarm.Properties");

    private const string ErrorRate = """
        Metrics:
          - Id: errors
            ReturnData: false
            MetricStat:
              Metric:
                Namespace: AWS/Lambda
                MetricName: Errors
                Dimensions:
                  - { Name: FunctionName, Value: orchestrator }
                  - { Name: Resource, Value: "orchestrator:live" }
              Period: 60
              Stat: Sum
          - Id: invocations
            ReturnData: false
            MetricStat:
              Metric:
                Namespace: AWS/Lambda
                MetricName: Invocations
                Dimensions:
                  - { Name: FunctionName, Value: orchestrator }
                  - { Name: Resource, Value: "orchestrator:live" }
              Period: 60
              Stat: Sum
          - Id: rate
            Expression: 100 * errors / invocations
        EvaluationPeriods: 2
        DatapointsToAlarm: 1
        Threshold: 50
        ComparisonOperator: GreaterThanThreshold
        """;

    [Fact]
    public void ErrorRate_BreachesOnlyAboveItsThreshold_AndCountsOnlyTheAlias()
    {
        var alarm = Alarm(ErrorRate);
        // One minute is one second here: the last two periods are the last two seconds.
        var declines = new[] { Record(0.2, true), Record(0.3, false), Record(0.4, false), Record(0.5, false) };
        var failing = new[] { Record(0.2, true), Record(0.3, true), Record(0.4, true), Record(0.5, false) };
        var elsewhere = new[] { Record(0.2, true, invoked: Arn), Record(0.3, true, invoked: Arn) };
        var old = new[] { Record(5, true), Record(5.1, true) };

        Assert.False(alarm.Evaluate(declines, s_now, s_settings).Alarm);
        var (fired, reason) = alarm.Evaluate(failing, s_now, s_settings);
        Assert.True(fired);
        Assert.Contains("75", reason, StringComparison.Ordinal);
        Assert.False(alarm.Evaluate(elsewhere, s_now, s_settings).Alarm);
        Assert.False(alarm.Evaluate(old, s_now, s_settings).Alarm);
        Assert.False(alarm.Evaluate([], s_now, s_settings).Alarm);
    }

    [Fact]
    public void LatencyPercentile_AndExecutedVersion_SelectTheirDatapoints()
    {
        var alarm = Alarm("""
            Namespace: AWS/Lambda
            MetricName: Duration
            Dimensions:
              - { Name: FunctionName, Value: orchestrator }
              - { Name: ExecutedVersion, Value: "3" }
            ExtendedStatistic: p90
            Period: 60
            EvaluationPeriods: 1
            Threshold: 1000
            ComparisonOperator: GreaterThanOrEqualToThreshold
            TreatMissingData: breaching
            """);
        var slowNew = Enumerable.Range(0, 10).Select(i => Record(0.1 + (i * 0.05), false, "3", durationMs: i < 2 ? 5 : 2000)).ToList();
        var slowOld = Enumerable.Range(0, 10).Select(i => Record(0.1 + (i * 0.05), false, "2", durationMs: 2000)).ToList();

        Assert.True(alarm.Evaluate(slowNew, s_now, s_settings).Alarm);
        // No datapoint for version 3 and missing data treated as breaching: in ALARM.
        Assert.True(alarm.Evaluate(slowOld, s_now, s_settings).Alarm);
        Assert.False(alarm.Evaluate(slowNew.Select(r => r with { DurationMs = 5 }).ToList(), s_now, s_settings).Alarm);
    }

    [Theory]
    [InlineData("Namespace: AWS/SQS\nMetricName: ApproximateNumberOfMessagesVisible\nStatistic: Maximum\nThreshold: 0\nComparisonOperator: GreaterThanThreshold", "the local cloud computes only AWS/Lambda")]
    [InlineData("Namespace: AWS/Lambda\nMetricName: Errors\nStatistic: Sum\nThreshold: 0\nComparisonOperator: GreaterThanThreshold", "needs a FunctionName dimension")]
    [InlineData("Metrics:\n  - Id: e\n    Expression: FILL(m, 0)\nThreshold: 0\nComparisonOperator: GreaterThanThreshold", "metric math function FILL() in 'FILL(m, 0)' is not evaluated")]
    [InlineData("Metrics:\n  - Id: e\n    Expression: 100 * (a\nThreshold: 0\nComparisonOperator: GreaterThanThreshold", "expected a ')'")]
    public void AlarmTheLocalCloudCannotEvaluate_IsRefusedByName(string yaml, string expected)
    {
        var error = Assert.Throws<TemplateException>(() => Alarm(yaml));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
