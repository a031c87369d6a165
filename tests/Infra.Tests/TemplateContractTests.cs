using System.Text.Json.Nodes;
using Sluice.Infra.Tests.Cfn;
using Sluice.Infra.Tests.Rules;

namespace Sluice.Infra.Tests;

/// <summary>The template against docs/contracts.md and the names the other parts rely on.</summary>
public sealed class TemplateContractTests
{
    [Theory]
    [InlineData("OrderStream", "AWS::Kinesis::Stream")]
    [InlineData("IngestFunction", "AWS::Serverless::Function")]
    [InlineData("ProcessorFunction", "AWS::Serverless::Function")]
    [InlineData("OrchestratorFunction", "AWS::Serverless::Function")]
    [InlineData("OrderEventsTopic", "AWS::SNS::Topic")]
    [InlineData("WorkflowQueue", "AWS::SQS::Queue")]
    [InlineData("WorkflowDeadLetterQueue", "AWS::SQS::Queue")]
    [InlineData("RejectedQueue", "AWS::SQS::Queue")]
    [InlineData("RejectedDeadLetterQueue", "AWS::SQS::Queue")]
    [InlineData("IngestFailureQueue", "AWS::SQS::Queue")]
    [InlineData("OrderFulfilmentStateMachine", "AWS::Serverless::StateMachine")]
    public void Resource_ContractLogicalId_HasItsType(string id, string type)
    {
        Assert.Equal(type, Inputs.Template().TypeOfId(id));
    }

    [Theory]
    [InlineData("IngestFunction", """{"TOPIC_ARN":{"Ref":"OrderEventsTopic"},"OUTCOME_KEY_ID":{"Fn::GetAtt":["OutcomeKey","Arn"]}}""")]
    [InlineData("ProcessorFunction", """{"STATE_MACHINE_ARN":{"Ref":"OrderFulfilmentStateMachine"},"REJECTED_QUEUE_URL":{"Ref":"RejectedQueue"}}""")]
    [InlineData("OrchestratorFunction", """{"STREAM_NAME":{"Ref":"OrderStream"},"OUTCOME_KEY_ID":{"Fn::GetAtt":["OutcomeKey","Arn"]}}""")]
    public void Environment_Function_HasExactlyItsContractVariables(string function, string expected)
    {
        var variables = Inputs.Template().Resource(function)["Properties"]!["Environment"]!["Variables"]!;

        Assert.Equal(expected, variables.ToJsonString());
    }

    [Fact]
    public void Globals_Functions_CarryPowertoolsSettingsAndTheRuntime()
    {
        var globals = Inputs.Template().Root["Globals"]!["Function"]!;
        var variables = globals["Environment"]!["Variables"]!;

        Assert.Equal("Sluice", variables["POWERTOOLS_METRICS_NAMESPACE"]!.GetValue<string>());
        Assert.NotNull(variables["POWERTOOLS_SERVICE_NAME"]);
        Assert.Equal("""{"Ref":"LogLevel"}""", variables["POWERTOOLS_LOG_LEVEL"]!.ToJsonString());
        Assert.Equal("provided.al2023", globals["Runtime"]!.GetValue<string>());
        Assert.Equal("bootstrap", globals["Handler"]!.GetValue<string>());
        Assert.Equal("Active", globals["Tracing"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("WorkflowSubscription", "WorkflowQueue", "order.placed")]
    [InlineData("RejectedSubscription", "RejectedQueue", "sluice.ingest.rejected")]
    public void Subscription_Queue_RawDeliveryFilteredOnType(string subscription, string queue, string type)
    {
        var properties = Inputs.Template().Resource(subscription)["Properties"]!;

        Assert.Equal(queue, CfnTemplate.ReferencedId(properties["Endpoint"], "Arn"));
        Assert.Equal("OrderEventsTopic", CfnTemplate.ReferencedId(properties["TopicArn"]));
        Assert.True(properties["RawMessageDelivery"]!.GetValue<bool>());
        Assert.Equal($$"""{"type":["{{type}}"]}""", properties["FilterPolicy"]!.ToJsonString());
    }

    [Theory]
    [InlineData("WorkflowQueuePolicy", "WorkflowQueue")]
    [InlineData("RejectedQueuePolicy", "RejectedQueue")]
    public void QueuePolicy_Queue_OnlyTheTopicSends(string policy, string queue)
    {
        var statement = Assert.Single(Inputs.Template().Resource(policy)["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray())!;

        Assert.Equal("sqs:SendMessage", statement["Action"]!.GetValue<string>());
        Assert.Equal("sns.amazonaws.com", statement["Principal"]!["Service"]!.GetValue<string>());
        Assert.Equal(queue, CfnTemplate.ReferencedId(statement["Resource"], "Arn"));
        Assert.Equal("OrderEventsTopic", CfnTemplate.ReferencedId(statement["Condition"]!["ArnEquals"]!["aws:SourceArn"]));
    }

    [Fact]
    public void IngestEvents_Stream_BoundedRetriesBisectPartialFailuresAndOnFailureQueue()
    {
        var source = Inputs.Template().Resource("IngestFunction")["Properties"]!["Events"]!["OrderStream"]!;
        var p = source["Properties"]!;

        Assert.Equal("Kinesis", source["Type"]!.GetValue<string>());
        Assert.Equal("OrderStream", CfnTemplate.ReferencedId(p["Stream"], "Arn"));
        Assert.True(p["BisectBatchOnFunctionError"]!.GetValue<bool>());
        Assert.InRange(CfnTemplate.IntOf(p["MaximumRetryAttempts"])!.Value, 0, 10);
        Assert.InRange(CfnTemplate.IntOf(p["MaximumRecordAgeInSeconds"])!.Value, 60, 86400);
        Assert.NotNull(CfnTemplate.IntOf(p["BatchSize"]));
        Assert.Equal("BatchingWindowSeconds", CfnTemplate.ReferencedId(p["MaximumBatchingWindowInSeconds"]));
        Assert.NotNull(CfnTemplate.IntOf(p["ParallelizationFactor"]));
        Assert.Equal("""["ReportBatchItemFailures"]""", p["FunctionResponseTypes"]!.ToJsonString());
        Assert.Equal("IngestFailureQueue", CfnTemplate.ReferencedId(p["DestinationConfig"]!["OnFailure"]!["Destination"], "Arn"));
    }

    [Fact]
    public void ProcessorEvents_WorkflowQueue_BatchesWithConcurrencyCapAndPartialFailures()
    {
        var source = Inputs.Template().Resource("ProcessorFunction")["Properties"]!["Events"]!["WorkflowQueue"]!;
        var p = source["Properties"]!;

        Assert.Equal("SQS", source["Type"]!.GetValue<string>());
        Assert.Equal("WorkflowQueue", CfnTemplate.ReferencedId(p["Queue"], "Arn"));
        Assert.NotNull(CfnTemplate.IntOf(p["BatchSize"]));
        Assert.Equal("BatchingWindowSeconds", CfnTemplate.ReferencedId(p["MaximumBatchingWindowInSeconds"]));
        Assert.InRange(CfnTemplate.IntOf(p["ScalingConfig"]!["MaximumConcurrency"])!.Value, 2, 1000);
        Assert.Equal("""["ReportBatchItemFailures"]""", p["FunctionResponseTypes"]!.ToJsonString());
    }

    [Fact]
    public void StateMachine_OrderFulfilment_StandardLoggedTracedFromTheAslFile()
    {
        var p = Inputs.Template().Resource("OrderFulfilmentStateMachine")["Properties"]!;

        Assert.Equal("STANDARD", p["Type"]!.GetValue<string>());
        Assert.Equal("../statemachines/order-fulfilment.asl.json", p["DefinitionUri"]!.GetValue<string>());
        Assert.True(p["Tracing"]!["Enabled"]!.GetValue<bool>());
        Assert.Equal("ALL", p["Logging"]!["Level"]!.GetValue<string>());
        Assert.Equal("OrderFulfilmentLogGroup",
            CfnTemplate.ReferencedId(p["Logging"]!["Destinations"]![0]!["CloudWatchLogsLogGroup"]!["LogGroupArn"], "Arn"));
    }

    [Theory]
    [InlineData("IngestFunction", "Ingest")]
    [InlineData("ProcessorFunction", "Processor")]
    [InlineData("OrchestratorFunction", "Orchestrator")]
    public void Function_CodeUri_IsTheProjectFolderBuiltByItsMakefileTarget(string id, string project)
    {
        var template = Inputs.Template();
        var function = template.Resource(id);
        var codeUri = function["Properties"]!["CodeUri"]!.GetValue<string>();
        var folder = Path.GetFullPath(Path.Combine(template.Directory, codeUri));

        Assert.Equal($"../src/{project}", codeUri);
        Assert.Equal("makefile", function["Metadata"]!["BuildMethod"]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(folder, $"{project}.csproj")));
        Assert.True(File.Exists(Path.Combine(folder, "Makefile")), $"{codeUri} has no Makefile");
        // MakefileTests runs make on exactly these targets and checks they publish into $(ARTIFACTS_DIR)/bootstrap.
        Assert.Contains(MakefileTests.Functions(), row => row.Data.Item1 == project && row.Data.Item2 == id);
        Assert.NotNull(function["Properties"]!["LoggingConfig"]?["LogGroup"]);
    }

    [Fact]
    public void Unsupported_Template_OnlyIntrinsicsCloudFormationAllowsWhereItAllowsThem()
    {
        Assert.Empty(IntrinsicRules.Unsupported(Inputs.Template()));
    }

    [Fact]
    public void Unsupported_LengthWithoutTheLanguageExtensions_Reported()
    {
        var template = Inputs.Template().Copy();
        template.Root["Transform"] = "AWS::Serverless-2016-10-31";
        template.Resource("OrderStream")["Properties"]!["ShardCount"] =
            JsonNode.Parse("""{"Fn::Length":[1,2]}""");

        var violation = Assert.Single(IntrinsicRules.Unsupported(template));
        Assert.Contains("$.Resources.OrderStream.Properties.ShardCount uses Fn::Length", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_ConditionFunctionOutsideConditions_Reported()
    {
        var template = Inputs.Template().Copy();
        template.Resource("OrderStream")["Properties"]!["ShardCount"] =
            JsonNode.Parse("""{"Fn::If":[{"Fn::Equals":[{"Ref":"StageName"},"prod"]},4,2]}""");

        var violation = Assert.Single(IntrinsicRules.Unsupported(template));
        Assert.Contains("uses Fn::Equals", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void Outputs_Template_NameEveryClientResource()
    {
        var outputs = Inputs.Template().Root["Outputs"]!.AsObject();

        foreach (var name in new[]
                 {
                     "OrderStreamName", "OrderStreamArn", "OrderEventsTopicArn", "WorkflowQueueUrl", "WorkflowDeadLetterQueueUrl",
                     "RejectedQueueUrl", "RejectedDeadLetterQueueUrl", "IngestFailureQueueUrl", "OrderFulfilmentStateMachineArn",
                 })
        {
            Assert.True(outputs.ContainsKey(name), $"no output {name}");
        }
    }

    [Fact]
    public void Alarms_Template_WatchIteratorAgeAndFailedExecutions()
    {
        var metrics = Inputs.Template().ResourcesOfType("AWS::CloudWatch::Alarm")
            .Select(a => CfnTemplate.PropertiesOf(a.Resource))
            .Select(p => $"{p["Namespace"]}/{p["MetricName"]}")
            .ToList();

        Assert.Contains("AWS/Lambda/IteratorAge", metrics);
        Assert.Contains("AWS/States/ExecutionsFailed", metrics);
    }
}
