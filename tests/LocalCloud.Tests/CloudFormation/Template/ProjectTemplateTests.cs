using System.Text;
using System.Text.Json.Nodes;
using Sluice.LocalCloud.CloudFormation.Template;
using Sluice.LocalCloud.Sns;
using Sluice.LocalCloud.Sqs;

namespace Sluice.LocalCloud.Tests.CloudFormation.Template;

/// <summary>The project's own infra/template.yaml, deployed into the in-process services.</summary>
public sealed class ProjectTemplateTests : IDisposable
{
    private const string Account = "000000000000";
    private readonly StackRig _rig = new();

    public void Dispose() => _rig.Dispose();

    private Task<DeployedStack> DeployAsync(params (string, string)[] parameters) => _rig.DeployFileAsync(StackRig.ProjectTemplate, parameters);

    [Fact]
    public async Task Deploy_ProjectTemplate_CreatesTheStreamWithItsShardsAndRetention()
    {
        var stack = await DeployAsync();

        var stream = _rig.Kinesis.Stream("sluice-dev-orders", null);
        Assert.Equal(2, stream.Shards.Count);
        Assert.Equal(168, stream.RetentionHours);
        Assert.Equal("PROVISIONED", stream.Mode);
        Assert.Equal($"arn:aws:kinesis:us-east-1:{Account}:stream/sluice-dev-orders", stack["OrderStream"].Attributes["Arn"]);
    }

    [Fact]
    public async Task Deploy_ProjectTemplate_CreatesQueuesWithTheirAttributesAndRedrive()
    {
        await DeployAsync();

        var workflow = _rig.Sqs.GetQueueAttributes(_rig.Sqs.GetQueueUrl("sluice-dev-workflow"), ["All"]);
        var rejected = _rig.Sqs.GetQueueAttributes(_rig.Sqs.GetQueueUrl("sluice-dev-rejected"), ["All"]);
        var failures = _rig.Sqs.GetQueueAttributes(_rig.Sqs.GetQueueUrl("sluice-dev-ingest-failures"), ["All"]);
        var dlq = _rig.Sqs.GetQueueAttributes(_rig.Sqs.GetQueueUrl("sluice-dev-workflow-dlq"), ["All"]);

        Assert.Equal("120", workflow["VisibilityTimeout"]);
        Assert.Equal("345600", workflow["MessageRetentionPeriod"]);
        Assert.Equal("true", workflow["SqsManagedSseEnabled"]);
        Assert.Equal(($"arn:aws:sqs:us-east-1:{Account}:sluice-dev-workflow-dlq", 5), SqsQueue.ParseRedrive(workflow["RedrivePolicy"]));
        Assert.Equal("30", rejected["VisibilityTimeout"]);
        Assert.Equal(($"arn:aws:sqs:us-east-1:{Account}:sluice-dev-rejected-dlq", 10), SqsQueue.ParseRedrive(rejected["RedrivePolicy"]));
        Assert.Equal("1209600", failures["MessageRetentionPeriod"]);
        Assert.Equal("1209600", dlq["MessageRetentionPeriod"]);
        Assert.Equal(5, _rig.Sqs.ListQueues("sluice-dev-").Count);
    }

    [Fact]
    public async Task Deploy_ProjectTemplate_SetsEachQueuePolicyToAllowOnlyTheTopic()
    {
        await DeployAsync();

        var policy = JsonNode.Parse(_rig.Sqs.GetQueueAttributes(_rig.Sqs.GetQueueUrl("sluice-dev-workflow"), ["Policy"])["Policy"])!;
        var statement = policy["Statement"]![0]!;
        Assert.Equal("sns.amazonaws.com", statement["Principal"]!["Service"]!.GetValue<string>());
        Assert.Equal($"arn:aws:sqs:us-east-1:{Account}:sluice-dev-workflow", statement["Resource"]!.GetValue<string>());
        Assert.Equal($"arn:aws:sns:us-east-1:{Account}:sluice-dev-order-events", statement["Condition"]!["ArnEquals"]!["aws:SourceArn"]!.GetValue<string>());
        Assert.True(_rig.Sqs.GetQueueAttributes(_rig.Sqs.GetQueueUrl("sluice-dev-rejected"), ["All"]).ContainsKey("Policy"));
        Assert.False(_rig.Sqs.GetQueueAttributes(_rig.Sqs.GetQueueUrl("sluice-dev-workflow-dlq"), ["All"]).ContainsKey("Policy"));
    }

    [Fact]
    public async Task Deploy_ProjectTemplate_SubscribesTheQueuesWithTheirFilterPolicies()
    {
        var stack = await DeployAsync();
        var topic = stack["OrderEventsTopic"].PhysicalId;

        var subscriptions = _rig.Sns.ListSubscriptions(topic);
        var workflow = _rig.Sns.GetSubscriptionAttributes(stack["WorkflowSubscription"].PhysicalId);
        var rejected = _rig.Sns.GetSubscriptionAttributes(stack["RejectedSubscription"].PhysicalId);

        Assert.Equal(2, subscriptions.Count);
        Assert.Equal($"arn:aws:sqs:us-east-1:{Account}:sluice-dev-workflow", workflow["Endpoint"]);
        Assert.Equal("true", workflow["RawMessageDelivery"]);
        Assert.Equal("MessageAttributes", workflow["FilterPolicyScope"]);
        Assert.Equal("""{"type":["order.placed"]}""", workflow["FilterPolicy"]);
        Assert.Equal($"arn:aws:sqs:us-east-1:{Account}:sluice-dev-rejected", rejected["Endpoint"]);
        Assert.Equal("""{"type":["sluice.ingest.rejected"]}""", rejected["FilterPolicy"]);
        Assert.Equal("alias/aws/sns", _rig.Sns.GetTopicAttributes(topic)["KmsMasterKeyId"]);
    }

    [Fact]
    public async Task Publish_OnTheDeployedTopic_ReachesOnlyTheQueueWhoseFilterMatches()
    {
        var stack = await DeployAsync();
        var topic = stack["OrderEventsTopic"].PhysicalId;

        _rig.Sns.Publish(topic, new SnsPublishRequest("""{"id":"o-1"}""")
        {
            MessageAttributes = new Dictionary<string, SnsAttributeValue> { ["type"] = new("String", "order.placed", null) },
        });
        _rig.Sns.Publish(topic, new SnsPublishRequest("""{"id":"bad"}""")
        {
            MessageAttributes = new Dictionary<string, SnsAttributeValue> { ["type"] = new("String", "sluice.ingest.rejected", null) },
        });
        var workflow = await ReceiveAsync(stack.Outputs["WorkflowQueueUrl"]);
        var rejected = await ReceiveAsync(stack.Outputs["RejectedQueueUrl"]);

        Assert.Equal(["""{"id":"o-1"}"""], workflow);
        Assert.Equal(["""{"id":"bad"}"""], rejected);
    }

    [Fact]
    public async Task Deploy_ProjectTemplate_HandsTheLambdaServiceEachFunctionWithGlobalsApplied()
    {
        var stack = await DeployAsync();

        Assert.Equal(["IngestFunction", "OrchestratorFunction", "ProcessorFunction"], _rig.Lambda.Functions.Select(f => f.LogicalId).Order());
        foreach (var (id, name, timeout, project) in new[]
        {
            ("IngestFunction", "sluice-dev-ingest", 30, "Ingest"),
            ("ProcessorFunction", "sluice-dev-processor", 15, "Processor"),
            ("OrchestratorFunction", "sluice-dev-orchestrator", 10, "Orchestrator"),
        })
        {
            var function = _rig.Lambda.Function(id);
            Assert.Equal(name, function.FunctionName);
            Assert.Equal($"arn:aws:lambda:us-east-1:{Account}:function:{name}", function.FunctionArn);
            Assert.Equal(RepositoryRoot.PathOf("src", project), function.ProjectDirectory);
            Assert.Equal("provided.al2023", function.Runtime);
            Assert.Equal("bootstrap", function.Handler);
            Assert.Equal("x86_64", function.Architecture);
            Assert.Equal(256, function.MemorySizeMb);
            Assert.Equal(timeout, function.TimeoutSeconds);
            Assert.Null(function.ReservedConcurrentExecutions);
            Assert.Equal($"/aws/lambda/{name}", function.LogGroupName);
            Assert.Equal(stack[id + "Role"].Attributes["Arn"], function.RoleArn);
            Assert.StartsWith($"arn:aws:iam::{Account}:role/sluice-dev-{id}Role-", function.RoleArn, StringComparison.Ordinal);
            Assert.Equal("sluice", function.Environment["POWERTOOLS_SERVICE_NAME"]);
            Assert.Equal("INFO", function.Environment["POWERTOOLS_LOG_LEVEL"]);
            Assert.Equal("Sluice", function.Environment["POWERTOOLS_METRICS_NAMESPACE"]);
        }
        Assert.Equal(stack.Outputs["OrderEventsTopicArn"], _rig.Lambda.Function("IngestFunction").Environment["TOPIC_ARN"]);
        Assert.Equal(stack.Outputs["OrderFulfilmentStateMachineArn"], _rig.Lambda.Function("ProcessorFunction").Environment["STATE_MACHINE_ARN"]);
        Assert.Equal("sluice-dev-orders", _rig.Lambda.Function("OrchestratorFunction").Environment["STREAM_NAME"]);
        Assert.Equal(stack["OutcomeKey"].Attributes["Arn"], _rig.Lambda.Function("IngestFunction").Environment["OUTCOME_KEY_ID"]);
        Assert.Equal(stack["OutcomeKey"].Attributes["Arn"], _rig.Lambda.Function("OrchestratorFunction").Environment["OUTCOME_KEY_ID"]);
        Assert.Equal(5, _rig.Lambda.Function("IngestFunction").Environment.Count);
    }

    [Fact]
    public async Task Deploy_ProjectTemplate_CreatesTheKinesisMappingWithEveryTemplateSetting()
    {
        var stack = await DeployAsync();

        // SAM points a function's events at its AutoPublishAlias alias.
        var mapping = _rig.Lambda.Mappings.Single(m => m.FunctionName == $"arn:aws:lambda:us-east-1:{Account}:function:sluice-dev-ingest:live");
        Assert.Equal(stack["IngestFunctionOrderStream"].PhysicalId, mapping.Uuid);
        Assert.True(Guid.TryParse(mapping.Uuid, out _));
        Assert.Equal(stack.Outputs["OrderStreamArn"], mapping.EventSourceArn);
        Assert.True(mapping.Enabled);
        Assert.Equal(100, mapping.BatchSize);
        Assert.Equal(0, mapping.MaximumBatchingWindowInSeconds);
        Assert.Equal("TRIM_HORIZON", mapping.StartingPosition);
        Assert.Null(mapping.StartingPositionTimestamp);
        Assert.Equal(2, mapping.ParallelizationFactor);
        Assert.True(mapping.BisectBatchOnFunctionError);
        Assert.Equal(5, mapping.MaximumRetryAttempts);
        Assert.Equal(3600, mapping.MaximumRecordAgeInSeconds);
        Assert.Equal(["ReportBatchItemFailures"], mapping.FunctionResponseTypes);
        Assert.Equal($"arn:aws:sqs:us-east-1:{Account}:sluice-dev-ingest-failures", mapping.OnFailureDestinationArn);
        Assert.Null(mapping.ScalingMaximumConcurrency);
    }

    [Fact]
    public async Task Deploy_ProjectTemplate_CreatesTheSqsMappingWithEveryTemplateSetting()
    {
        var stack = await DeployAsync();

        var mapping = _rig.Lambda.Mappings.Single(m => m.FunctionName == $"arn:aws:lambda:us-east-1:{Account}:function:sluice-dev-processor:live");
        Assert.Equal(stack.Outputs["WorkflowQueueArn"], mapping.EventSourceArn);
        Assert.Equal(10, mapping.BatchSize);
        Assert.Equal(0, mapping.MaximumBatchingWindowInSeconds);
        Assert.Equal(5, mapping.ScalingMaximumConcurrency);
        Assert.Equal(["ReportBatchItemFailures"], mapping.FunctionResponseTypes);
        Assert.Null(mapping.StartingPosition);
        Assert.Null(mapping.ParallelizationFactor);
        Assert.Null(mapping.OnFailureDestinationArn);
        Assert.Equal(2, _rig.Lambda.Mappings.Count);
    }

    [Fact]
    public async Task Deploy_ProjectTemplate_CreatesTheStateMachineWithItsSubstitutionsApplied()
    {
        var stack = await DeployAsync();
        var arn = stack.Outputs["OrderFulfilmentStateMachineArn"];

        var response = await _rig.StepFunctions.HandleAsync("DescribeStateMachine", Encoding.UTF8.GetBytes($$"""{"stateMachineArn":"{{arn}}"}"""), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10));
        var described = JsonNode.Parse(response.Body)!;
        var definition = described["definition"]!.GetValue<string>();
        var onDisk = await File.ReadAllTextAsync(RepositoryRoot.PathOf("statemachines", "order-fulfilment.asl.json"));

        Assert.Equal($"arn:aws:states:us-east-1:{Account}:stateMachine:sluice-dev-order-fulfilment", arn);
        Assert.Equal(onDisk.Replace("${OrchestratorFunctionArn}", $"arn:aws:lambda:us-east-1:{Account}:function:sluice-dev-orchestrator:live", StringComparison.Ordinal), definition);
        Assert.DoesNotContain("${", definition, StringComparison.Ordinal);
        Assert.Equal("STANDARD", described["type"]!.GetValue<string>());
        Assert.Equal(stack["OrderFulfilmentStateMachineRole"].Attributes["Arn"], described["roleArn"]!.GetValue<string>());
        Assert.Equal("ALL", described["loggingConfiguration"]!["level"]!.GetValue<string>());
        Assert.False(described["loggingConfiguration"]!["includeExecutionData"]!.GetValue<bool>());
        Assert.Equal(stack["OrderFulfilmentLogGroup"].Attributes["Arn"],
            described["loggingConfiguration"]!["destinations"]![0]!["cloudWatchLogsLogGroup"]!["logGroupArn"]!.GetValue<string>());
        Assert.True(described["tracingConfiguration"]!["enabled"]!.GetValue<bool>());
        Assert.Equal("sluice-dev-order-fulfilment", stack.Outputs["OrderFulfilmentStateMachineName"]);
    }

    [Fact]
    public async Task Deploy_ProjectTemplate_CreatesTheOutcomeKeyInKms_AnHmacKeyUnderItsAlias()
    {
        var stack = await DeployAsync();

        var key = _rig.Kms.Key("alias/sluice-dev-outcomes");
        Assert.Equal(stack["OutcomeKey"].PhysicalId, key.Id);
        Assert.Equal(stack.Outputs["OutcomeKeyArn"], key.Arn);
        Assert.Equal(("HMAC_256", "GENERATE_VERIFY_MAC", "Enabled"), (key.Spec, key.Usage, key.State));
        var (_, mac) = _rig.Kms.GenerateMac(key.Arn, "m"u8.ToArray(), "HMAC_SHA_256");
        Assert.Same(key, _rig.Kms.VerifyMac("alias/sluice-dev-outcomes", "m"u8.ToArray(), "HMAC_SHA_256", mac));
    }

    [Fact]
    public async Task Deploy_ProjectTemplate_ArchivesEveryStreamRecord_GzippedUnderItsHour_InAnEncryptedBucketWithLifecycle()
    {
        var stack = await DeployAsync(("ArchiveBufferSeconds", "0"));
        var bucket = stack.Outputs["ArchiveBucketName"];
        var stream = _rig.Kinesis.Stream("sluice-dev-orders", null);
        var records = Enumerable.Range(0, 5).Select(i => $$$"""{"specversion":"1.0","id":"a-{{{i}}}","source":"sluice/test","type":"order.placed","subject":"o-{{{i}}}","data":{}}""").ToList();
        foreach (var (record, i) in records.Select((r, i) => (r, i)))
        {
            _rig.Kinesis.PutRecord(stream, new global::Sluice.LocalCloud.Kinesis.KinesisPutEntry(Encoding.UTF8.GetBytes(record), $"o-{i}", null));
        }

        var archived = new List<string>();
        await Poll.UntilAsync(async () =>
        {
            await _rig.Firehose.PumpAsync(TestContext.Current.CancellationToken);
            archived.Clear();
            foreach (var entry in _rig.S3.ListObjects(bucket, "events/", null, null, 1000).Entries)
            {
                await using var read = await _rig.S3.GetObjectAsync(bucket, entry.Object!.Key);
                await using var gunzip = new System.IO.Compression.GZipStream(read.Body, System.IO.Compression.CompressionMode.Decompress);
                using var text = new StreamReader(gunzip);
                archived.Add(await text.ReadToEndAsync(TestContext.Current.CancellationToken));
            }
            return string.Concat(archived).Length >= string.Concat(records.Select(r => r + "\n")).Length;
        }, () => $"{archived.Count} archive objects", TimeSpan.FromSeconds(30));

        var keys = _rig.S3.ListObjects(bucket, "events/", null, null, 1000).Entries.Select(e => e.Object!.Key).ToList();
        Assert.All(keys, k => Assert.Matches(@"^events/\d{4}/\d{2}/\d{2}/\d{2}/sluice-dev-archive-1-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-[0-9a-f-]{36}\.gz$", k));
        // Firehose writes the records as they were put, in each shard's order, each followed by a newline (AppendDelimiterToRecord).
        var lines = string.Concat(archived).Split('\n');
        Assert.Equal("", lines[^1]);
        Assert.Equal(records.Order(StringComparer.Ordinal), lines[..^1].Order(StringComparer.Ordinal));
        var settings = _rig.S3.Bucket(bucket).Settings;
        Assert.Contains("<Prefix>events/</Prefix>", settings.LifecycleXml, StringComparison.Ordinal);
        Assert.Contains("<Days>2557</Days>", settings.LifecycleXml, StringComparison.Ordinal);
        Assert.Contains("AES256", settings.EncryptionXml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_ProjectTemplate_ResolvesEveryOutput()
    {
        var stack = await DeployAsync();

        Assert.Equal(new Dictionary<string, string>
        {
            ["StageName"] = "dev",
            ["ArchiveBucketName"] = stack["ArchiveBucket"].PhysicalId,
            ["ArchiveDeliveryStreamName"] = "sluice-dev-archive",
            ["OutcomeKeyArn"] = stack["OutcomeKey"].Attributes["Arn"],
            ["OrderStreamName"] = "sluice-dev-orders",
            ["OrderStreamArn"] = $"arn:aws:kinesis:us-east-1:{Account}:stream/sluice-dev-orders",
            ["OrderEventsTopicArn"] = $"arn:aws:sns:us-east-1:{Account}:sluice-dev-order-events",
            ["WorkflowQueueUrl"] = $"http://127.0.0.1:4566/{Account}/sluice-dev-workflow",
            ["WorkflowQueueArn"] = $"arn:aws:sqs:us-east-1:{Account}:sluice-dev-workflow",
            ["WorkflowDeadLetterQueueUrl"] = $"http://127.0.0.1:4566/{Account}/sluice-dev-workflow-dlq",
            ["RejectedQueueUrl"] = $"http://127.0.0.1:4566/{Account}/sluice-dev-rejected",
            ["RejectedQueueArn"] = $"arn:aws:sqs:us-east-1:{Account}:sluice-dev-rejected",
            ["RejectedDeadLetterQueueUrl"] = $"http://127.0.0.1:4566/{Account}/sluice-dev-rejected-dlq",
            ["IngestFailureQueueUrl"] = $"http://127.0.0.1:4566/{Account}/sluice-dev-ingest-failures",
            ["OrderFulfilmentStateMachineArn"] = $"arn:aws:states:us-east-1:{Account}:stateMachine:sluice-dev-order-fulfilment",
            ["OrderFulfilmentStateMachineName"] = "sluice-dev-order-fulfilment",
            ["IngestFunctionName"] = "sluice-dev-ingest",
            ["ProcessorFunctionName"] = "sluice-dev-processor",
            ["OrchestratorFunctionName"] = "sluice-dev-orchestrator",
            ["OrchestratorFunctionAlias"] = $"arn:aws:lambda:us-east-1:{Account}:function:sluice-dev-orchestrator:live",
            ["AlarmTopicArn"] = $"arn:aws:sns:us-east-1:{Account}:sluice-dev-alarms",
        }, stack.Outputs);
    }

    [Fact]
    public async Task Deploy_ProjectTemplate_ListsEveryResourceNotEmulatedAndTheConditionalOneLeftOut()
    {
        var stack = await DeployAsync();

        var notEmulated = stack.Resources.Where(r => r.Status == ResourceStatus.NotEmulated).Select(r => r.LogicalId).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
        [
            "ArchiveDeliveryRole", "ArchiveLogGroup", "ArchiveLogStream", "CodeDeployServiceRole", "FailedExecutionsAlarm", "IngestErrorRateAlarm", "IngestFailureQueueAlarm",
            "IngestFunctionDeploymentGroup", "IngestFunctionRole", "IngestIteratorAgeAlarm", "IngestLatencyAlarm", "IngestLogGroup",
            "OrchestratorErrorRateAlarm", "OrchestratorFunctionDeploymentGroup", "OrchestratorFunctionRole", "OrchestratorLatencyAlarm", "OrchestratorLogGroup",
            "OrderFulfilmentLogGroup", "OrderFulfilmentStateMachineRole", "ProcessorErrorRateAlarm", "ProcessorFunctionDeploymentGroup", "ProcessorFunctionRole",
            "ProcessorLatencyAlarm", "ProcessorLogGroup", "RejectedDeadLetterQueueAlarm", "ServerlessDeploymentApplication", "WorkflowDeadLetterQueueAlarm",
        ], notEmulated);
        Assert.Equal(ResourceStatus.ConditionFalse, stack["AlarmEmailSubscription"].Status);
        Assert.Equal("alias/sluice-dev-alarms", stack["AlarmTopicKeyAlias"].PhysicalId);
        Assert.Equal(stack["AlarmTopicKey"].PhysicalId, _rig.Sns.GetTopicAttributes(stack.Outputs["AlarmTopicArn"])["KmsMasterKeyId"]);
        Assert.Matches("^sluice-dev-IngestIteratorAgeAlarm-[A-Z0-9]{12}$", stack["IngestIteratorAgeAlarm"].PhysicalId);
        var output = new StringWriter();
        stack.Write(output);
        Assert.Contains("IngestIteratorAgeAlarm", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("AlarmEmailSubscription", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_ParametersOverridden_UsesTheGivenValues()
    {
        var stack = await DeployAsync(("StageName", "prod"), ("ShardCount", "4"), ("Architecture", "arm64"), ("LogLevel", "DEBUG"), ("AlarmEmail", "ops@example.com"), ("BatchingWindowSeconds", "3"));

        Assert.Equal("prod", stack.Outputs["StageName"]);
        Assert.Equal(4, _rig.Kinesis.Stream("sluice-dev-orders", null).Shards.Count);
        Assert.All(_rig.Lambda.Functions, f => Assert.Equal("arm64", f.Architecture));
        Assert.All(_rig.Lambda.Functions, f => Assert.Equal("DEBUG", f.Environment["POWERTOOLS_LOG_LEVEL"]));
        Assert.Equal([3, 3], _rig.Lambda.Mappings.Select(m => m.MaximumBatchingWindowInSeconds));
        Assert.Equal(ResourceStatus.NotEmulated, stack["AlarmEmailSubscription"].Status);
        Assert.Contains("ops@example.com", stack["AlarmEmailSubscription"].Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_OtherStackName_NamesEverythingAfterIt()
    {
        var stack = await StackDeployer.DeployAsync(
            TemplateLoader.LoadFile(StackRig.ProjectTemplate, new StackSettings { StackName = "sluice-staging" }), _rig.Targets, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("sluice-staging-orders", stack.Outputs["OrderStreamName"]);
        Assert.Equal("sluice-staging-ingest", stack.Outputs["IngestFunctionName"]);
        Assert.StartsWith("arn:aws:iam::000000000000:role/sluice-staging-IngestFunctionRole-", stack["IngestFunctionRole"].Attributes["Arn"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_ParameterOutsideAllowedValues_FailsNamingTheParameter()
    {
        var error = await Assert.ThrowsAsync<TemplateException>(() => DeployAsync(("StageName", "qa")));

        Assert.Contains("Parameters.StageName", error.Message, StringComparison.Ordinal);
        Assert.Contains("AllowedValues", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_BatchingWindowAboveItsMaxValue_FailsNamingTheParameter()
    {
        var error = await Assert.ThrowsAsync<TemplateException>(() => DeployAsync(("BatchingWindowSeconds", "11")));

        Assert.Contains("Parameters.BatchingWindowSeconds", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxValue", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_UndeclaredParameter_FailsNamingIt()
    {
        var error = await Assert.ThrowsAsync<TemplateException>(() => DeployAsync(("Colour", "blue")));

        Assert.Contains("--parameter Colour", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_WithoutLambdaService_FailsNamingTheFunctions()
    {
        var template = TemplateLoader.LoadFile(StackRig.ProjectTemplate, new StackSettings());
        var targets = _rig.Targets with { Lambda = null };

        var error = await Assert.ThrowsAsync<TemplateException>(() => StackDeployer.DeployAsync(template, targets, CancellationToken.None));

        Assert.Contains("without the Lambda service", error.Message, StringComparison.Ordinal);
        Assert.All(["IngestFunction", "ProcessorFunction", "OrchestratorFunction"], id => Assert.Contains(id, error.Message, StringComparison.Ordinal));
        Assert.Contains("--without-lambda", error.Message, StringComparison.Ordinal);
        Assert.Empty(_rig.Sqs.ListQueues(null));
        Assert.Empty(_rig.Kinesis.ListStreams());
    }

    [Fact]
    public async Task Deploy_WithoutLambdaOnPurpose_NamesFunctionsAndCreatesTheRest()
    {
        var template = TemplateLoader.LoadFile(StackRig.ProjectTemplate, new StackSettings());
        var targets = _rig.Targets with { Lambda = null, WithoutLambda = true };

        var stack = await StackDeployer.DeployAsync(template, targets, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ResourceStatus.NotEmulated, stack["IngestFunction"].Status);
        Assert.Equal(ResourceStatus.NotEmulated, stack["ProcessorFunctionWorkflowQueue"].Status);
        Assert.Equal(ResourceStatus.Created, stack["OrderFulfilmentStateMachine"].Status);
        Assert.Equal("sluice-dev-processor", stack.Outputs["ProcessorFunctionName"]);
    }

    private async Task<List<string>> ReceiveAsync(string queueUrl)
    {
        var messages = await _rig.Sqs.ReceiveMessageAsync(queueUrl, new SqsReceiveRequest { MaxNumberOfMessages = 10 }, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10));
        return [.. messages.Select(m => m.Body)];
    }
}
