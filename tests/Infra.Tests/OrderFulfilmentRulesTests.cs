using System.Text.Json.Nodes;
using Sluice.Infra.Tests.Rules;

namespace Sluice.Infra.Tests;

public sealed class OrderFulfilmentRulesTests
{
    [Fact]
    public void PayloadViolations_OrderFulfilment_MatchTheContract()
    {
        Assert.Empty(OrderFulfilmentRules.PayloadViolations(Inputs.Asl()));
    }

    [Fact]
    public void RouteViolations_OrderFulfilment_None()
    {
        Assert.Empty(OrderFulfilmentRules.RouteViolations(Inputs.Asl()));
    }

    [Fact]
    public void PayloadViolations_MisspelledField_Reported()
    {
        var asl = Inputs.Asl();
        var payload = asl["States"]!["ReserveAndAuthorize"]!["Branches"]![1]!["States"]!["AuthorizePayment"]!["Parameters"]!["Payload"]!.AsObject();
        payload.Remove("paymentToken.$");
        payload["token.$"] = "$.data.paymentToken";

        var violation = Assert.Single(OrderFulfilmentRules.PayloadViolations(asl));
        Assert.Contains("authorize-payment sends [action, amount, currency, orderId, token]", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void PayloadViolations_ReasonWithoutCause_Reported()
    {
        var asl = Inputs.Asl();
        asl["States"]!["RecordRejected"]!["Parameters"]!["Payload"]!["reason"]!.AsObject().Remove("cause.$");

        var violation = Assert.Single(OrderFulfilmentRules.PayloadViolations(asl));
        Assert.Contains("reason must be {error, cause}", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void PayloadViolations_UnknownAction_Reported()
    {
        var asl = Inputs.Asl();
        asl["States"]!["ReleaseStock"]!["Parameters"]!["Payload"]!["action"] = "release";

        Assert.Contains(OrderFulfilmentRules.PayloadViolations(asl),
            v => v.Contains("'release' is not an Orchestrator action", StringComparison.Ordinal));
    }

    [Fact]
    public void RouteViolations_TypedErrorSkipsCompensation_Reported()
    {
        var asl = Inputs.Asl();
        asl["States"]!["ReserveAndAuthorize"]!["Catch"]![0]!["Next"] = "RecordRejected";

        Assert.Contains(OrderFulfilmentRules.RouteViolations(asl),
            v => v.Contains("after OutOfStock runs [record-outcome:rejected] then Succeed", StringComparison.Ordinal));
    }

    [Fact]
    public void RouteViolations_TypedErrorUncaught_Reported()
    {
        var asl = Inputs.Asl();
        asl["States"]!["ReserveAndAuthorize"]!["Catch"]![0]!["ErrorEquals"] = new JsonArray("OutOfStock");

        var violation = Assert.Single(OrderFulfilmentRules.RouteViolations(asl));
        Assert.Contains("PaymentDeclined is not caught on the parallel state", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void RouteViolations_CatchAllIntoAFailState_Reported()
    {
        var asl = Inputs.Asl();
        asl["States"]!["Failed"] = new JsonObject { ["Type"] = "Fail", ["ErrorPath"] = "$.failure.Error", ["CausePath"] = "$.failure.Cause" };
        asl["States"]!["RecordConfirmed"]!["Catch"] = new JsonArray(new JsonObject { ["ErrorEquals"] = new JsonArray("States.ALL"), ["ResultPath"] = "$.failure", ["Next"] = "Failed" });

        var violation = Assert.Single(OrderFulfilmentRules.RouteViolations(asl));
        Assert.StartsWith("$.States.RecordConfirmed: catches States.ALL; only the workflow's refusals", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void RouteViolations_CrashCaughtInsideTheMap_Reported()
    {
        var asl = Inputs.Asl();
        var reserve = asl["States"]!["ReserveAndAuthorize"]!["Branches"]![0]!["States"]!["ReserveLines"]!["ItemProcessor"]!["States"]!["ReserveStock"]!.AsObject();
        reserve["Catch"] = new JsonArray(new JsonObject { ["ErrorEquals"] = new JsonArray("Runtime.ExitError"), ["Next"] = "Gave up" });

        Assert.Contains(OrderFulfilmentRules.RouteViolations(asl), v => v.Contains(".States.ReserveStock: catches Runtime.ExitError", StringComparison.Ordinal));
    }

    [Fact]
    public void RouteViolations_FailWithoutCause_Reported()
    {
        var asl = Inputs.Asl();
        asl["States"]!["Failed"] = new JsonObject { ["Type"] = "Fail", ["ErrorPath"] = "$.failure.Error" };

        var violation = Assert.Single(OrderFulfilmentRules.RouteViolations(asl));
        Assert.Contains("Failed: a Fail state must say its Error and Cause", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void RouteViolations_MapWithoutMaxConcurrency_Reported()
    {
        var asl = Inputs.Asl();
        asl["States"]!["ReserveAndAuthorize"]!["Branches"]![0]!["States"]!["ReserveLines"]!.AsObject().Remove("MaxConcurrency");

        var violation = Assert.Single(OrderFulfilmentRules.RouteViolations(asl));
        Assert.Contains("MaxConcurrency", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void Follow_HappyPath_ValidatesReservesAndConfirms()
    {
        var asl = Inputs.Asl();

        var (steps, end) = OrderFulfilmentRules.Follow(asl["States"]!.AsObject(), "Validate");

        Assert.Equal(["validate", "parallel", "record-outcome:confirmed"], steps);
        Assert.Equal("Succeed", end);
    }
}
