using System.Text.Json.Nodes;
using Sluice.Infra.Tests.Rules;

namespace Sluice.Infra.Tests;

public sealed class AslRulesTests
{
    [Fact]
    public void StructuralProblems_OrderFulfilment_None()
    {
        Assert.Empty(AslRules.StructuralProblems(Inputs.Asl()));
    }

    [Fact]
    public void AllStates_OrderFulfilment_IncludesNestedMapAndParallelStates()
    {
        var names = AslRules.AllStates(Inputs.Asl()).Select(s => s.Name).ToHashSet();

        Assert.Contains("ReserveStock", names);
        Assert.Contains("AuthorizePayment", names);
        Assert.Contains("Confirmed", names);
    }

    [Fact]
    public void StructuralProblems_NextToMissingState_Reported()
    {
        var asl = Inputs.Asl();
        asl["States"]!["RecordConfirmed"]!["Next"] = "Confirmd";

        Assert.Contains(AslRules.StructuralProblems(asl),
            v => v.Contains("RecordConfirmed: transition to 'Confirmd'", StringComparison.Ordinal));
    }

    [Fact]
    public void StructuralProblems_CatchToMissingState_Reported()
    {
        var asl = Inputs.Asl();
        asl["States"]!["Validate"]!["Catch"]![0]!["Next"] = "Nowhere";

        Assert.Contains(AslRules.StructuralProblems(asl),
            v => v.Contains("Validate: transition to 'Nowhere'", StringComparison.Ordinal));
    }

    [Fact]
    public void StructuralProblems_UnreachableState_Reported()
    {
        var asl = Inputs.Asl();
        asl["States"]!.AsObject()["Orphan"] = new JsonObject { ["Type"] = "Succeed" };

        var violation = Assert.Single(AslRules.StructuralProblems(asl));
        Assert.Contains("$.States.Orphan: not reachable from StartAt", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void StructuralProblems_StateWithoutNextOrEnd_Reported()
    {
        var asl = Inputs.Asl();
        asl["States"]!["RecordRejected"]!.AsObject().Remove("Next");

        Assert.Contains(AslRules.StructuralProblems(asl),
            v => v.Contains("RecordRejected: needs exactly one of Next or End", StringComparison.Ordinal));
    }

    [Fact]
    public void StructuralProblems_LoopWithoutEnd_Reported()
    {
        var asl = Inputs.ParseAsl("""
            {"StartAt":"A","States":{
              "A":{"Type":"Pass","Next":"B"},
              "B":{"Type":"Pass","Next":"A"}}}
            """);

        Assert.Equal(2, AslRules.StructuralProblems(asl).Count(v => v.Contains("no path from it reaches an end", StringComparison.Ordinal)));
    }

    [Fact]
    public void StructuralProblems_BrokenNestedMapState_Reported()
    {
        var asl = Inputs.Asl();
        var reserve = asl["States"]!["ReserveAndAuthorize"]!["Branches"]![0]!["States"]!["ReserveLines"]!["ItemProcessor"]!["States"]!["ReserveStock"]!.AsObject();
        reserve.Remove("End");
        reserve["Next"] = "Validate";

        Assert.Contains(AslRules.StructuralProblems(asl),
            v => v.Contains("ItemProcessor.States.ReserveStock: transition to 'Validate', which is not a state of this scope", StringComparison.Ordinal));
    }

    [Fact]
    public void StructuralProblems_BrokenParallelBranchStart_Reported()
    {
        var asl = Inputs.Asl();
        asl["States"]!["ReserveAndAuthorize"]!["Branches"]![1]!["StartAt"] = "Authorise";

        Assert.Contains(AslRules.StructuralProblems(asl),
            v => v.Contains("Branches[1]: StartAt 'Authorise' is not a state of this scope", StringComparison.Ordinal));
    }

    [Fact]
    public void StructuralProblems_UnknownErrorName_Reported()
    {
        var asl = Inputs.Asl();
        asl["States"]!["Validate"]!["Catch"]![0]!["ErrorEquals"] = new JsonArray("ValidationFailure");

        var violation = Assert.Single(AslRules.StructuralProblems(asl));
        Assert.Contains("names 'ValidationFailure'", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void StructuralProblems_StatesAllNotLast_Reported()
    {
        var asl = Inputs.Asl();
        var catchers = asl["States"]!["Validate"]!["Catch"]!.AsArray();
        catchers.Insert(0, new JsonObject { ["ErrorEquals"] = new JsonArray("States.ALL"), ["Next"] = "Rejected" });

        Assert.Contains(AslRules.StructuralProblems(asl),
            v => v.Contains("States.ALL must stand alone in the last entry", StringComparison.Ordinal));
    }

    [Fact]
    public void StructuralProblems_JsonataQueryLanguage_Reported()
    {
        var asl = Inputs.Asl();
        asl["QueryLanguage"] = "JSONata";

        Assert.Contains(AslRules.StructuralProblems(asl), v => v.Contains("QueryLanguage must be JSONPath", StringComparison.Ordinal));
    }

    [Fact]
    public void StructuralProblems_TerminalStateWithNext_Reported()
    {
        var asl = Inputs.Asl();
        asl["States"]!["Confirmed"]!["Next"] = "Rejected";

        Assert.Contains(AslRules.StructuralProblems(asl), v => v.Contains("Confirmed: a Succeed state takes neither Next nor End", StringComparison.Ordinal));
    }
}
