using System.Text.Json.Nodes;

namespace Sluice.Infra.Tests;

/// <summary>
/// The order-fulfilment workflow executed end to end, against an Orchestrator that follows
/// docs/contracts.md: on moto's interpreter (here), on Sluice.Asl (AslExecutionOnSluiceTests), and
/// the JSONata copy of the workflow on Sluice.Asl (JsonataAslExecutionTests).
/// </summary>
public sealed class AslExecutionTests(AslExecutionFixture executions) : AslExecutionContract(executions), IClassFixture<AslExecutionFixture>
{
    [Fact]
    public void Execute_CatcherSkippingCompensation_IsSeen()
    {
        Skip();
        var broken = executions.BrokenOutOfStock ?? throw new InvalidOperationException("the broken copy did not run");

        Assert.DoesNotContain("release-stock", Actions(broken));
        Assert.Equal("record-outcome", Actions(broken)[^1]);
    }
}

/// <summary>The project's workflow on the project's own engine, the one the local cloud runs it on.</summary>
public sealed class AslExecutionOnSluiceTests(SluiceJsonPathExecutionFixture executions) : SluiceAslExecutionContract(executions), IClassFixture<SluiceJsonPathExecutionFixture>;

/// <summary>What the workflow must do on the project's engine, which also redrives (moto's interpreter has no RedriveExecution).</summary>
public abstract class SluiceAslExecutionContract(SluiceAslExecutionFixture executions) : AslExecutionContract(executions)
{
    [Fact]
    public void Redrive_CrashOutlastedTheRetries_ContinuesAtTheFailedStepAndConfirms()
    {
        Skip();
        var redriven = executions.Redriven ?? throw new InvalidOperationException("the redrive did not run");
        var actions = Actions(redriven);

        Assert.True(redriven["status"]!.GetValue<string>() == "SUCCEEDED", redriven.ToJsonString());
        Assert.Equal(1, redriven["redriveCount"]!.GetValue<int>());
        // Validate succeeded before the crash: the redrive does not run it again; the failed branch runs once more, then the outcome.
        Assert.DoesNotContain("validate", actions);
        Assert.Equal(1, actions.Count(a => a == "authorize-payment"));
        Assert.DoesNotContain("release-stock", actions);
        Assert.Equal("record-outcome", actions[^1]);
        Assert.Equal("confirmed", Requests(redriven)[^1]["outcome"]!.GetValue<string>());
    }
}

/// <summary>What every run of the workflow must do, whichever engine or query language runs it.</summary>
public abstract class AslExecutionContract(IAslExecutions executions)
{
    [Fact]
    public void Execute_ValidOrder_ReservesEveryLineAuthorizesAndRecordsConfirmed()
    {
        var result = Scenario("confirmed");

        Assert.Equal("SUCCEEDED", result["status"]!.GetValue<string>());
        var actions = Actions(result);
        Assert.Equal("validate", actions[0]);
        Assert.Equal(["authorize-payment", "reserve-stock", "reserve-stock"], actions[1..^1].Order(StringComparer.Ordinal));
        Assert.Equal("record-outcome", actions[^1]);
        var record = Requests(result)[^1];
        Assert.Equal("confirmed", record["outcome"]!.GetValue<string>());
        Assert.Equal("ord-1", record["orderId"]!.GetValue<string>());
        Assert.Equal("cust-1", record["customerId"]!.GetValue<string>());
        Assert.Equal("ord-1-placed", record["causationId"]!.GetValue<string>());
        Assert.Equal(11.5, record["total"]!.GetValue<double>());
        Assert.Equal("EUR", record["currency"]!.GetValue<string>());
        Assert.Equal("auth-1", record["authorizationId"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("out-of-stock", "OutOfStock")]
    [InlineData("declined", "PaymentDeclined")]
    public void Execute_BusinessRefusal_ReleasesStockThenRecordsRejectedWithTheReason(string scenario, string error)
    {
        var result = Scenario(scenario);
        var actions = Actions(result);

        Assert.Equal("SUCCEEDED", result["status"]!.GetValue<string>());
        Assert.Equal(["release-stock", "record-outcome"], actions.TakeLast(2));
        var release = Requests(result)[^2];
        Assert.Equal(2, release["lines"]!.AsArray().Count);
        var record = Requests(result)[^1];
        Assert.Equal("rejected", record["outcome"]!.GetValue<string>());
        Assert.Equal(error, record["reason"]!["error"]!.GetValue<string>());
        Assert.Contains(error, record["reason"]!["cause"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(record["authorizationId"]);
    }

    [Fact]
    public void Execute_InvalidOrder_RecordsRejectedWithoutTouchingStockOrPayment()
    {
        var result = Scenario("invalid");

        Assert.Equal("SUCCEEDED", result["status"]!.GetValue<string>());
        Assert.Equal(["validate", "record-outcome"], Actions(result));
        var record = Requests(result)[^1];
        Assert.Equal("ValidationFailed", record["reason"]!["error"]!.GetValue<string>());
        Assert.Equal("ord-4", record["orderId"]!.GetValue<string>());
        Assert.Equal("ord-4", record["order"]!["orderId"]!.GetValue<string>());
    }

    [Fact]
    public void Execute_UnknownError_FailsAtItsStepWithTheErrorAndCause_KeepingWhatItReserved()
    {
        var result = Scenario("unknown-error");

        Assert.Equal("FAILED", result["status"]!.GetValue<string>());
        Assert.Equal("InvalidRequest", result["error"]!.GetValue<string>());
        Assert.Contains("a bug the workflow does not model", result["cause"]!.GetValue<string>(), StringComparison.Ordinal);
        // Nothing caught it: no compensation and no outcome, so a redrive continues at the failed step.
        Assert.DoesNotContain("release-stock", Actions(result));
        Assert.DoesNotContain("record-outcome", Actions(result));
    }

    [Fact]
    public void Execute_FunctionCrashesOnce_RetriedAndTheOrderIsConfirmed()
    {
        var result = Scenario("crash-once");

        Assert.Equal("SUCCEEDED", result["status"]!.GetValue<string>());
        Assert.Equal(2, Actions(result).Count(a => a == "authorize-payment"));
        Assert.Equal("confirmed", Requests(result)[^1]["outcome"]!.GetValue<string>());
    }

    [Fact]
    public void Execute_FunctionCrashesEveryTime_FailsWithTheCrashAfterTheRetries_NoOutcome()
    {
        var result = Scenario("crash-always");

        Assert.Equal("FAILED", result["status"]!.GetValue<string>());
        Assert.Equal("Runtime.ExitError", result["error"]!.GetValue<string>());
        Assert.Equal(4, Actions(result).Count(a => a == "authorize-payment"));
        Assert.DoesNotContain("release-stock", Actions(result));
        Assert.DoesNotContain("record-outcome", Actions(result));
    }

    protected JsonObject Scenario(string name)
    {
        Skip();
        return executions.Results[name];
    }

    protected void Skip()
    {
        if (executions.SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }
    }

    protected static List<JsonObject> Requests(JsonObject result) => result["requests"]!.AsArray().OfType<JsonObject>().ToList();

    protected static List<string> Actions(JsonObject result) => Requests(result).Select(r => r["action"]!.GetValue<string>()).ToList();
}
