using System.Text.Json.Nodes;
using Sluice.Infra.Tests.Rules;

namespace Sluice.Infra.Tests;

public sealed class SubstitutionRulesTests
{
    [Fact]
    public void Unmatched_Template_EveryPlaceholderSubstitutedAndEverySubstitutionUsed()
    {
        Assert.Empty(SubstitutionRules.Unmatched(Inputs.Template(), Inputs.ReadFromDisk));
    }

    [Fact]
    public void Unmatched_Template_ReadsTheRepositoryAslFile()
    {
        var (id, _, definition) = Assert.Single(SubstitutionRules.StateMachines(Inputs.Template(), Inputs.ReadFromDisk));

        Assert.Equal("OrderFulfilmentStateMachine", id);
        Assert.Equal(RepositoryRoot.Read(Inputs.AslPath), definition);
    }

    [Fact]
    public void Unmatched_PlaceholderWithoutSubstitution_Reported()
    {
        var template = Inputs.Template();
        var asl = RepositoryRoot.Read(Inputs.AslPath).Replace(
            "\"StartAt\": \"Validate\"", "\"StartAt\": \"Validate\", \"Comment2\": \"${StockTableName}\"", StringComparison.Ordinal);

        var violation = Assert.Single(SubstitutionRules.Unmatched(template, _ => asl));
        Assert.Contains("uses ${StockTableName}", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void Unmatched_UnusedSubstitution_Reported()
    {
        var template = Inputs.Template().Copy();
        template.Resource("OrderFulfilmentStateMachine")["Properties"]!["DefinitionSubstitutions"]!["IngestFunctionArn"] =
            new JsonObject { ["Fn::GetAtt"] = new JsonArray("IngestFunction", "Arn") };

        var violation = Assert.Single(SubstitutionRules.Unmatched(template, Inputs.ReadFromDisk));
        Assert.Contains("IngestFunctionArn is never used", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void NonFunctionArns_Template_EverySubstitutedArnIsAFunction()
    {
        Assert.Empty(SubstitutionRules.NonFunctionArns(Inputs.Template()));
    }

    [Fact]
    public void NonFunctionArns_StreamArnSubstituted_Reported()
    {
        var template = Inputs.Template().Copy();
        template.Resource("OrderFulfilmentStateMachine")["Properties"]!["DefinitionSubstitutions"]!["OrchestratorFunctionArn"] =
            new JsonObject { ["Fn::GetAtt"] = new JsonArray("OrderStream", "Arn") };

        var violation = Assert.Single(SubstitutionRules.NonFunctionArns(template));
        Assert.Contains("OrchestratorFunctionArn is not !GetAtt <function>.Arn", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void NonFunctionArns_LiteralArn_Reported()
    {
        var template = Inputs.Template().Copy();
        template.Resource("OrderFulfilmentStateMachine")["Properties"]!["DefinitionSubstitutions"]!["OrchestratorFunctionArn"] =
            "arn:aws:lambda:us-east-1:123456789012:function:elsewhere";

        Assert.Single(SubstitutionRules.NonFunctionArns(template));
    }
}
