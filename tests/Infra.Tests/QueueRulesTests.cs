using System.Text.Json.Nodes;
using Sluice.Infra.Tests.Rules;

namespace Sluice.Infra.Tests;

public sealed class QueueRulesTests
{
    [Fact]
    public void MissingDeadLetterQueues_Template_None()
    {
        Assert.Empty(QueueRules.MissingDeadLetterQueues(Inputs.Template()));
    }

    [Fact]
    public void DeadLetterQueues_Template_AreTheRedriveTargetsAndTheKinesisFailureQueue()
    {
        Assert.Equal(
            ["IngestFailureQueue", "RejectedDeadLetterQueue", "WorkflowDeadLetterQueue"],
            QueueRules.DeadLetterQueues(Inputs.Template()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void MissingDeadLetterQueues_RedrivePolicyRemoved_Reported()
    {
        var template = Inputs.Template().Copy();
        template.Resource("WorkflowQueue")["Properties"]!.AsObject().Remove("RedrivePolicy");

        // WorkflowDeadLetterQueue, no longer anyone's dead-letter queue, is reported as well.
        Assert.Contains(QueueRules.MissingDeadLetterQueues(template),
            v => v.Contains("queue WorkflowQueue has no RedrivePolicy", StringComparison.Ordinal));
    }

    [Fact]
    public void MissingDeadLetterQueues_RedriveToItself_Reported()
    {
        var template = Inputs.Template().Copy();
        template.Resource("RejectedQueue")["Properties"]!["RedrivePolicy"]!["deadLetterTargetArn"] =
            new JsonObject { ["Fn::GetAtt"] = new JsonArray("RejectedQueue", "Arn") };

        Assert.Contains(QueueRules.MissingDeadLetterQueues(template),
            v => v.Contains("RejectedQueue dead-letters to RejectedQueue", StringComparison.Ordinal));
    }

    [Fact]
    public void MissingDeadLetterQueues_DeadLetterQueueKeepsLessThanSource_Reported()
    {
        var template = Inputs.Template().Copy();
        template.Resource("WorkflowDeadLetterQueue")["Properties"]!["MessageRetentionPeriod"] = 60;

        Assert.Contains(QueueRules.MissingDeadLetterQueues(template),
            v => v.Contains("WorkflowDeadLetterQueue keeps messages 60s", StringComparison.Ordinal));
    }

    [Fact]
    public void ShortVisibilityTimeouts_Template_None()
    {
        Assert.Empty(QueueRules.ShortVisibilityTimeouts(Inputs.Template()));
    }

    [Fact]
    public void ShortVisibilityTimeouts_ProcessorTimeoutRaised_Reported()
    {
        var template = Inputs.Template().Copy();
        template.Resource("ProcessorFunction")["Properties"]!["Timeout"] = 20;

        var violation = Assert.Single(QueueRules.ShortVisibilityTimeouts(template));
        Assert.Contains("WorkflowQueue VisibilityTimeout 120s < 6 x ProcessorFunction Timeout 20s + batching window 10s", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void ShortVisibilityTimeouts_BatchingWindowPushesPastTheTimeout_Reported()
    {
        var template = Inputs.Template().Copy();
        template.Resource("ProcessorFunction")["Properties"]!["Events"]!["WorkflowQueue"]!["Properties"]!["MaximumBatchingWindowInSeconds"] = 31;

        Assert.Single(QueueRules.ShortVisibilityTimeouts(template));
    }

    [Fact]
    public void ShortVisibilityTimeouts_BatchingWindowParameterAllowsTooMuch_ReportedAtItsMaxValue()
    {
        var template = Inputs.Template().Copy();
        template.Root["Parameters"]!["BatchingWindowSeconds"]!["MaxValue"] = 40;

        var violation = Assert.Single(QueueRules.ShortVisibilityTimeouts(template));
        Assert.Contains("+ batching window 40s", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void ShortVisibilityTimeouts_FunctionTimeoutFromGlobals_Used()
    {
        var template = Inputs.Template().Copy();
        template.Resource("ProcessorFunction")["Properties"]!.AsObject().Remove("Timeout");
        template.Root["Globals"]!["Function"]!["Timeout"] = 25;

        Assert.Single(QueueRules.ShortVisibilityTimeouts(template));
    }

    [Fact]
    public void UnwatchedDeadLetterQueues_Template_None()
    {
        Assert.Empty(QueueRules.UnwatchedDeadLetterQueues(Inputs.Template()));
    }

    [Fact]
    public void UnwatchedDeadLetterQueues_AlarmRemoved_Reported()
    {
        var template = Inputs.Template().Copy();
        template.Resources.Remove("IngestFailureQueueAlarm");

        var violation = Assert.Single(QueueRules.UnwatchedDeadLetterQueues(template));
        Assert.Contains("IngestFailureQueue", violation, StringComparison.Ordinal);
    }
}
