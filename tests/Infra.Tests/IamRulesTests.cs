using System.Text.Json.Nodes;
using Sluice.Infra.Tests.Rules;

namespace Sluice.Infra.Tests;

public sealed class IamRulesTests
{
    private const string XRay = "X-Ray has no resource-level permissions: PutTraceSegments and PutTelemetryRecords take only \"*\"";
    private const string KeyPolicy = "in a key policy \"*\" means the key the policy is attached to, and nothing else";
    private const string LogDelivery = "the CloudWatch Logs vended-delivery APIs (CreateLogDelivery etc.) take only \"*\"";

    /// <summary>The only statements allowed a "*" resource; each is also commented in the template.</summary>
    internal static readonly IReadOnlyList<IamException> s_exceptions =
    [
        new(Inputs.TemplatePath, "IngestFunctionRole", "WriteTraces", XRay),
        new(Inputs.TemplatePath, "ProcessorFunctionRole", "WriteTraces", XRay),
        new(Inputs.TemplatePath, "OrchestratorFunctionRole", "WriteTraces", XRay),
        new(Inputs.TemplatePath, "OrderFulfilmentStateMachineRole", "WriteTraces", XRay),
        new(Inputs.TemplatePath, "OrderFulfilmentStateMachineRole", "DeliverExecutionLogs", LogDelivery),
        new(Inputs.TemplatePath, "AlarmTopicKey", "AccountAdministersKey", KeyPolicy),
        new(Inputs.TemplatePath, "AlarmTopicKey", "CloudWatchPublishesAlarms", KeyPolicy),
        new(Inputs.TemplatePath, "OutcomeKey", "AccountAdministersAndVerifies", KeyPolicy),
        new(Inputs.TemplatePath, "OutcomeKey", "OnlyTheWorkflowSigns", KeyPolicy),
        new(Inputs.PipelinePath, "DeployRole", "CreateEventSourceMappings",
            "lambda:CreateEventSourceMapping has no resource type; a lambda:FunctionArn condition narrows it"),
        new(Inputs.PipelinePath, "DeployRole", "SetUpExecutionLogDelivery",
            "creating a state machine with logging makes the caller set up log delivery; " + LogDelivery),
        new(Inputs.PipelinePath, "DeployRole", "CreateAlarmTopicKey", "kms:CreateKey has no resource type: the key does not exist yet"),
    ];

    [Fact]
    public void Wildcards_Template_OnlyListedExceptions()
    {
        Assert.Empty(IamRules.Wildcards(Inputs.Template(), s_exceptions));
    }

    [Fact]
    public void Wildcards_Pipeline_OnlyListedExceptions()
    {
        Assert.Empty(IamRules.Wildcards(Inputs.Pipeline(), s_exceptions));
    }

    [Fact]
    public void UncommentedExceptions_BothTemplates_EachHasItsComment()
    {
        Assert.Empty(IamRules.UncommentedExceptions(RepositoryRoot.Read(Inputs.TemplatePath), Inputs.TemplatePath, s_exceptions));
        Assert.Empty(IamRules.UncommentedExceptions(RepositoryRoot.Read(Inputs.PipelinePath), Inputs.PipelinePath, s_exceptions));
    }

    [Fact]
    public void UncommentedExceptions_CommentRemoved_Reported()
    {
        var lines = RepositoryRoot.Read(Inputs.TemplatePath).Split('\n').ToList();
        var sid = lines.FindIndex(l => l.Trim() == "- Sid: CloudWatchPublishesAlarms");
        Assert.StartsWith("#", lines[sid - 1].Trim(), StringComparison.Ordinal);
        lines.RemoveAt(sid - 1);
        var text = string.Join('\n', lines);

        var violation = Assert.Single(IamRules.UncommentedExceptions(text, Inputs.TemplatePath, s_exceptions));
        Assert.Contains("AlarmTopicKey/CloudWatchPublishesAlarms", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void Wildcards_StarResourceOutsideExceptions_Reported()
    {
        var template = Inputs.Template().Copy();
        StatementOf(template.Resource("OrderFulfilmentStateMachineRole"), "InvokeOrchestrator")["Resource"] = "*";

        var violation = Assert.Single(IamRules.Wildcards(template, s_exceptions));
        Assert.Contains("(InvokeOrchestrator): resource \"*\" is not a listed exception", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void Wildcards_WildcardAction_Reported()
    {
        var template = Inputs.Template().Copy();
        StatementOf(template.Resource("IngestFunctionRole"), "ReadOrderStream")["Action"] = new JsonArray("kinesis:Get*");

        var violation = Assert.Single(IamRules.Wildcards(template, s_exceptions));
        Assert.Contains("wildcard action 'kinesis:Get*'", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void Wildcards_FunctionWithoutRole_Reported()
    {
        var template = Inputs.Template().Copy();
        template.Resource("OrchestratorFunction")["Properties"]!.AsObject().Remove("Role");

        Assert.Contains(IamRules.Wildcards(template, s_exceptions),
            v => v.Contains("OrchestratorFunction has no Role", StringComparison.Ordinal));
    }

    [Fact]
    public void Wildcards_StaleException_Reported()
    {
        IamException[] exceptions = [.. s_exceptions, new(Inputs.TemplatePath, "IngestFunctionRole", "Nothing", "stale")];

        var violation = Assert.Single(IamRules.Wildcards(Inputs.Template(), exceptions));
        Assert.Contains("IngestFunctionRole/Nothing matches no", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void Wildcards_AllowEveryPrincipal_Reported()
    {
        var template = Inputs.Template().Copy();
        template.Resource("WorkflowQueuePolicy")["Properties"]!["PolicyDocument"]!["Statement"]![0]!["Principal"] = "*";

        var violation = Assert.Single(IamRules.Wildcards(template, s_exceptions));
        Assert.Contains("allows every principal", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void InvokeOrchestrator_StateMachineRole_NamesOnlyTheOrchestratorAndItsVersions()
    {
        var statement = StatementOf(Inputs.Template().Resource("OrderFulfilmentStateMachineRole"), "InvokeOrchestrator");

        Assert.Equal("lambda:InvokeFunction", statement["Action"]!.GetValue<string>());
        Assert.Equal(
            """[{"Fn::GetAtt":["OrchestratorFunction","Arn"]},{"Fn::Sub":"${OrchestratorFunction.Arn}:*"}]""",
            statement["Resource"]!.ToJsonString());
    }

    internal static JsonObject StatementOf(JsonObject role, string sid) =>
        (role["Properties"]!["Policies"]![0]!["PolicyDocument"]!["Statement"] as JsonArray)!
            .OfType<JsonObject>().Single(s => s["Sid"]?.GetValue<string>() == sid);
}
