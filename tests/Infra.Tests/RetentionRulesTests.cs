using System.Text.Json.Nodes;
using Sluice.Infra.Tests.Rules;

namespace Sluice.Infra.Tests;

public sealed class RetentionRulesTests
{
    [Fact]
    public void Violations_Template_None()
    {
        Assert.Empty(RetentionRules.Violations(Inputs.Template()));
    }

    [Fact]
    public void Violations_StreamDeletedWithTheStack_Reported()
    {
        var template = Inputs.Template().Copy();
        template.Resource("OrderStream").Remove("DeletionPolicy");

        var violations = RetentionRules.Violations(template);

        Assert.Equal(["OrderStream: DeletionPolicy is Delete (unset) in stage prod; data it holds must be retained (Retain)",
            "OrderStream: DeletionPolicy is Delete (unset) in stage staging; data it holds must be retained (Retain)"], violations.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Violations_DeadLetterQueueReplacedWithoutItsMessages_Reported()
    {
        var template = Inputs.Template().Copy();
        template.Resource("WorkflowDeadLetterQueue")["UpdateReplacePolicy"] = "Delete";

        Assert.Equal(2, RetentionRules.Violations(template).Count(v => v.StartsWith("WorkflowDeadLetterQueue: UpdateReplacePolicy is Delete", StringComparison.Ordinal)));
    }

    [Fact]
    public void Violations_ConditionThatRetainsOnlyInDev_Reported()
    {
        var template = Inputs.Template().Copy();
        template.Root["Conditions"]!["KeepsData"] = new JsonObject { ["Fn::Equals"] = new JsonArray(new JsonObject { ["Ref"] = "StageName" }, "dev") };

        var violations = RetentionRules.Violations(template);

        Assert.Contains("IngestFailureQueue: DeletionPolicy is Delete in stage prod; data it holds must be retained (Retain)", violations);
        Assert.Contains("RejectedDeadLetterQueue: UpdateReplacePolicy is Delete in stage staging; data it holds must be retained (Retain)", violations);
    }
}
