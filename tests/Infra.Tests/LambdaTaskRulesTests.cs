using System.Text.Json.Nodes;
using Sluice.Infra.Tests.Rules;

namespace Sluice.Infra.Tests;

public sealed class LambdaTaskRulesTests
{
    [Fact]
    public void Violations_OrderFulfilment_None()
    {
        Assert.Empty(LambdaTaskRules.Violations(Inputs.Asl()));
    }

    [Fact]
    public void Violations_HardCodedFunctionArn_Reported()
    {
        var asl = Inputs.Asl();
        asl["States"]!["Validate"]!["Parameters"]!["FunctionName"] = "arn:aws:lambda:us-east-1:123456789012:function:x";

        var violation = Assert.Single(LambdaTaskRules.Violations(asl));
        Assert.Contains("FunctionName must be a single ${...} substitution", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void Violations_RetrierWithoutJitter_Reported()
    {
        var asl = Inputs.Asl();
        asl["States"]!["RecordConfirmed"]!["Retry"]![0]!.AsObject().Remove("JitterStrategy");

        var violation = Assert.Single(LambdaTaskRules.Violations(asl));
        Assert.Contains("RecordConfirmed: the transient retrier needs JitterStrategy FULL", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void Violations_RetrierGivesUpTooSoon_Reported()
    {
        var asl = Inputs.Asl();
        asl["States"]!["Validate"]!["Retry"]![0]!["MaxAttempts"] = 6;
        asl["States"]!["Validate"]!["Retry"]![0]!["MaxDelaySeconds"] = 30;

        var violation = Assert.Single(LambdaTaskRules.Violations(asl));
        Assert.Contains("Validate: the transient retrier gives up after 30.5 s on average", violation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 6, 2, 30, 30.5)]
    [InlineData(1, 10, 2, 20, 65.5)]
    [InlineData(2, 3, 1.5, 100, 4.75)]
    public void ExpectedRetrySeconds_SumsTheMeanJitteredDelays(double interval, int attempts, double backoff, double cap, double expected)
    {
        var retrier = new JsonObject { ["IntervalSeconds"] = interval, ["MaxAttempts"] = attempts, ["BackoffRate"] = backoff, ["MaxDelaySeconds"] = cap };

        Assert.Equal(expected, LambdaTaskRules.ExpectedRetrySeconds(retrier), 6);
    }

    [Fact]
    public void Violations_NestedTaskMissingTransientError_Reported()
    {
        var asl = Inputs.Asl();
        var retry = asl["States"]!["ReserveAndAuthorize"]!["Branches"]![1]!["States"]!["AuthorizePayment"]!["Retry"]![0]!;
        retry["ErrorEquals"] = new JsonArray("Lambda.ServiceException");

        var violation = Assert.Single(LambdaTaskRules.Violations(asl));
        Assert.Contains("AuthorizePayment: no retrier for", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void Violations_TaskWithoutCrashRetrier_Reported()
    {
        var asl = Inputs.Asl();
        asl["States"]!["ReserveAndAuthorize"]!["Branches"]![0]!["States"]!["ReserveLines"]!["ItemProcessor"]!["States"]!["ReserveStock"]!["Retry"]!.AsArray().RemoveAt(1);

        var violation = Assert.Single(LambdaTaskRules.Violations(asl));
        Assert.Contains("ReserveStock: no retrier for a crashed function", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void Violations_CrashRetrierWithoutBackoff_Reported()
    {
        var asl = Inputs.Asl();
        asl["States"]!["Validate"]!["Retry"]![1]!["BackoffRate"] = 1;

        Assert.Contains("the crash retrier needs", Assert.Single(LambdaTaskRules.Violations(asl)), StringComparison.Ordinal);
    }

    [Fact]
    public void Violations_NoResultSelector_Reported()
    {
        var asl = Inputs.Asl();
        asl["States"]!["ReleaseStock"]!.AsObject().Remove("ResultSelector");

        Assert.Single(LambdaTaskRules.Violations(asl));
    }

    [Fact]
    public void Violations_NoBackoffOrCap_Reported()
    {
        var asl = Inputs.Asl();
        var retry = asl["States"]!["RecordRejected"]!["Retry"]![0]!.AsObject();
        retry["BackoffRate"] = 1;
        retry.Remove("MaxDelaySeconds");

        Assert.Equal(2, LambdaTaskRules.Violations(asl).Count);
    }
}
