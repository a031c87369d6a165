using System.Text.Json.Nodes;
using Sluice.Infra.Tests.Rules;

namespace Sluice.Infra.Tests;

public sealed class DeploymentRulesTests
{
    [Fact]
    public void Violations_Template_None()
    {
        Assert.Empty(DeploymentRules.Violations(Inputs.Template()));
    }

    [Fact]
    public void Violations_NoAutoPublishAlias_Reported()
    {
        var template = Inputs.Template().Copy();
        template.Root["Globals"]!["Function"]!.AsObject().Remove("AutoPublishAlias");

        var violations = DeploymentRules.Violations(template);

        Assert.Equal(3, violations.Count(v => v.Contains("no AutoPublishAlias", StringComparison.Ordinal)));
    }

    [Fact]
    public void Violations_ProductionAllAtOnce_Reported()
    {
        var template = Inputs.Template().Copy();
        template.Root["Mappings"]!["StageDeployment"]!["prod"]!["Type"] = "AllAtOnce";

        var violations = DeploymentRules.Violations(template);

        Assert.Contains(violations, v => v.Contains("stage prod deploys AllAtOnce; every stage but dev must shift traffic gradually", StringComparison.Ordinal));
    }

    [Fact]
    public void Violations_LiteralDeploymentType_Reported()
    {
        var template = Inputs.Template().Copy();
        template.Resource("IngestFunction")["Properties"]!["DeploymentPreference"]!["Type"] = "AllAtOnce";

        var violation = Assert.Single(DeploymentRules.Violations(template));
        Assert.Contains("IngestFunction: DeploymentPreference.Type must come from a per-stage mapping", violation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ProcessorErrorRateAlarm", "Errors")]
    [InlineData("ProcessorLatencyAlarm", "Duration")]
    public void Violations_RollbackTriggerMissing_Reported(string alarm, string metric)
    {
        var template = Inputs.Template().Copy();
        var alarms = template.Resource("ProcessorFunction")["Properties"]!["DeploymentPreference"]!["Alarms"]!.AsArray();
        alarms.Remove(alarms.Single(a => a!["Ref"]!.GetValue<string>() == alarm));

        var violation = Assert.Single(DeploymentRules.Violations(template));
        Assert.Contains($"ProcessorFunction: the DeploymentPreference has no alarm on the function's {metric} through its alias", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void Violations_AlarmOnTheWholeFunction_NotTheAlias_Reported()
    {
        var template = Inputs.Template().Copy();
        var dimensions = template.Resource("OrchestratorLatencyAlarm")["Properties"]!["Dimensions"]!.AsArray();
        dimensions.Remove(dimensions.Single(d => d!["Name"]!.GetValue<string>() == "Resource"));

        var violation = Assert.Single(DeploymentRules.Violations(template));
        Assert.Contains("OrchestratorFunction: the DeploymentPreference has no alarm on the function's Duration", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void Violations_WorkflowCallsTheFunctionNotItsAlias_Reported()
    {
        var template = Inputs.Template().Copy();
        template.Resource("OrderFulfilmentStateMachine")["Properties"]!["DefinitionSubstitutions"]!["OrchestratorFunctionArn"] =
            new JsonObject { ["Fn::GetAtt"] = new JsonArray("OrchestratorFunction", "Arn") };

        var violation = Assert.Single(DeploymentRules.Violations(template));
        Assert.Contains("OrchestratorFunctionArn names the function itself, not its alias", violation, StringComparison.Ordinal);
    }
}
