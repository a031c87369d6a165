using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.StepFunctions;

/// <summary>
/// Step Functions on the shared endpoint through the real AWS CLI: a Pass/Choice workflow whose
/// sns:publish and sqs:sendMessage tasks reach the host's own topic and queues.
/// </summary>
public sealed class StepFunctionsCliTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>
{
    private const string Role = "arn:aws:iam::000000000000:role/local";
    private readonly AwsCli _aws = new(cloud.Endpoint);

    private static string Workflow(string topicArn, string queueUrl) => new JsonObject
    {
        ["StartAt"] = "Classify",
        ["States"] = new JsonObject
        {
            ["Classify"] = new JsonObject
            {
                ["Type"] = "Pass",
                ["Parameters"] = new JsonObject { ["order.$"] = "$.order", ["kind.$"] = "$.kind" },
                ["Next"] = "Route",
            },
            ["Route"] = new JsonObject
            {
                ["Type"] = "Choice",
                ["Choices"] = new JsonArray(new JsonObject { ["Variable"] = "$.kind", ["StringEquals"] = "placed", ["Next"] = "Publish" }),
                ["Default"] = "Park",
            },
            ["Publish"] = new JsonObject
            {
                ["Type"] = "Task",
                ["Resource"] = "arn:aws:states:::sns:publish",
                ["Parameters"] = new JsonObject
                {
                    ["TopicArn"] = topicArn,
                    ["Message.$"] = "$.order",
                    ["MessageAttributes"] = new JsonObject { ["type"] = new JsonObject { ["DataType"] = "String", ["StringValue"] = "order.placed" } },
                },
                ["ResultPath"] = "$.published",
                ["Next"] = "Done",
            },
            ["Park"] = new JsonObject
            {
                ["Type"] = "Task",
                ["Resource"] = "arn:aws:states:::sqs:sendMessage",
                ["Parameters"] = new JsonObject { ["QueueUrl"] = queueUrl, ["MessageBody.$"] = "$.order" },
                ["ResultPath"] = "$.parked",
                ["Next"] = "Done",
            },
            ["Done"] = new JsonObject { ["Type"] = "Succeed" },
        },
    }.ToJsonString();

    [Fact]
    public async Task Workflow_PublishAndSendTasks_ReachTheLocalTopicAndQueue()
    {
        AwsCli.RequireInstalled();
        var topic = (await _aws.JsonAsync("sns", "create-topic", "--name", "sfn-events")).GetProperty("TopicArn").GetString()!;
        var placedUrl = (await _aws.JsonAsync("sqs", "create-queue", "--queue-name", "sfn-placed")).GetProperty("QueueUrl").GetString()!;
        var parkedUrl = (await _aws.JsonAsync("sqs", "create-queue", "--queue-name", "sfn-parked")).GetProperty("QueueUrl").GetString()!;
        await _aws.JsonAsync("sns", "subscribe", "--topic-arn", topic, "--protocol", "sqs", "--notification-endpoint", "arn:aws:sqs:us-east-1:000000000000:sfn-placed",
            "--attributes", """{"RawMessageDelivery":"true","FilterPolicy":"{\"type\":[\"order.placed\"]}"}""");
        var machine = (await _aws.JsonAsync("stepfunctions", "create-state-machine", "--name", "cli-flow", "--role-arn", Role,
            "--definition", Workflow(topic, parkedUrl))).GetProperty("stateMachineArn").GetString()!;

        var placed = (await _aws.JsonAsync("stepfunctions", "start-execution", "--state-machine-arn", machine, "--name", "placed-1",
            "--input", """{"kind":"placed","order":{"orderId":"o-1"}}""")).GetProperty("executionArn").GetString()!;
        var parked = (await _aws.JsonAsync("stepfunctions", "start-execution", "--state-machine-arn", machine, "--name", "other-1",
            "--input", """{"kind":"other","order":{"orderId":"o-2"}}""")).GetProperty("executionArn").GetString()!;
        var placedRun = await FinishedAsync(placed);
        var parkedRun = await FinishedAsync(parked);
        var history = await _aws.JsonAsync("stepfunctions", "get-execution-history", "--execution-arn", placed);
        var placedMessages = await _aws.JsonAsync("sqs", "receive-message", "--queue-url", placedUrl, "--max-number-of-messages", "10", "--wait-time-seconds", "1");
        var parkedMessages = await _aws.JsonAsync("sqs", "receive-message", "--queue-url", parkedUrl, "--max-number-of-messages", "10", "--wait-time-seconds", "1");

        Assert.Equal("SUCCEEDED", placedRun.GetProperty("status").GetString());
        Assert.Equal("SUCCEEDED", parkedRun.GetProperty("status").GetString());
        var output = JsonNode.Parse(placedRun.GetProperty("output").GetString()!)!;
        Assert.NotNull(output["published"]!["MessageId"]);
        Assert.Equal(200, output["published"]!["SdkHttpMetadata"]!["HttpStatusCode"]!.GetValue<int>());
        Assert.NotNull(JsonNode.Parse(parkedRun.GetProperty("output").GetString()!)!["parked"]!["MD5OfMessageBody"]);
        var types = history.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(
        [
            "ExecutionStarted", "PassStateEntered", "PassStateExited", "ChoiceStateEntered", "ChoiceStateExited",
            "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited",
            "SucceedStateEntered", "SucceedStateExited", "ExecutionSucceeded",
        ], types);
        var scheduled = history.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "TaskScheduled")
            .GetProperty("taskScheduledEventDetails");
        Assert.Equal("sns", scheduled.GetProperty("resourceType").GetString());
        Assert.Equal("publish", scheduled.GetProperty("resource").GetString());
        Assert.Equal(["""{"orderId":"o-1"}"""], placedMessages.GetProperty("Messages").EnumerateArray().Select(m => m.GetProperty("Body").GetString()));
        Assert.Equal(["""{"orderId":"o-2"}"""], parkedMessages.GetProperty("Messages").EnumerateArray().Select(m => m.GetProperty("Body").GetString()));
    }

    [Fact]
    public async Task Workflow_PublishToMissingTopic_FailsWithTheSnsError()
    {
        AwsCli.RequireInstalled();
        var machine = (await _aws.JsonAsync("stepfunctions", "create-state-machine", "--name", "cli-missing-topic", "--role-arn", Role,
            "--definition", Workflow("arn:aws:sns:us-east-1:000000000000:no-such-topic", "http://unused"))).GetProperty("stateMachineArn").GetString()!;

        var run = (await _aws.JsonAsync("stepfunctions", "start-execution", "--state-machine-arn", machine,
            "--input", """{"kind":"placed","order":{}}""")).GetProperty("executionArn").GetString()!;
        var finished = await FinishedAsync(run);

        Assert.Equal("FAILED", finished.GetProperty("status").GetString());
        Assert.Equal("SNS.NotFoundException", finished.GetProperty("error").GetString());
        Assert.StartsWith("Topic does not exist (Service: AmazonSNS; Status Code: 404;", finished.GetProperty("cause").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedriveExecution_AfterTheMissingTopicIsCreated_FinishesUnderTheSameArn()
    {
        var aws = AwsCli.Supporting(cloud.Endpoint, "stepfunctions", "redrive-execution");
        const string TopicArn = "arn:aws:sns:us-east-1:000000000000:sfn-redrive-later";
        var machine = (await aws.JsonAsync("stepfunctions", "create-state-machine", "--name", "cli-redrive", "--role-arn", Role,
            "--definition", Workflow(TopicArn, "http://unused"))).GetProperty("stateMachineArn").GetString()!;
        var run = (await aws.JsonAsync("stepfunctions", "start-execution", "--state-machine-arn", machine, "--name", "order-7",
            "--input", """{"kind":"placed","order":{"orderId":"o-7"}}""")).GetProperty("executionArn").GetString()!;
        var failed = await FinishedAsync(run, aws);
        var tooSoon = await aws.FailAsync("stepfunctions", "redrive-execution", "--execution-arn", machine.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":no-such-run");

        await aws.JsonAsync("sns", "create-topic", "--name", "sfn-redrive-later");
        var redrive = await aws.JsonAsync("stepfunctions", "redrive-execution", "--execution-arn", run);
        var finished = await FinishedAsync(run, aws);
        var refused = await aws.FailAsync("stepfunctions", "redrive-execution", "--execution-arn", run);
        var history = await aws.JsonAsync("stepfunctions", "get-execution-history", "--execution-arn", run);
        var redriven = await aws.JsonAsync("stepfunctions", "list-executions", "--state-machine-arn", machine, "--redrive-filter", "REDRIVEN");

        Assert.Equal("FAILED", failed.GetProperty("status").GetString());
        Assert.Equal("REDRIVABLE", failed.GetProperty("redriveStatus").GetString());
        Assert.Contains("ExecutionDoesNotExist", tooSoon, StringComparison.Ordinal);
        Assert.True(redrive.TryGetProperty("redriveDate", out _));
        Assert.Equal("SUCCEEDED", finished.GetProperty("status").GetString());
        Assert.Equal(1, finished.GetProperty("redriveCount").GetInt32());
        Assert.Equal(run, finished.GetProperty("executionArn").GetString());
        Assert.NotNull(JsonNode.Parse(finished.GetProperty("output").GetString()!)!["published"]!["MessageId"]);
        Assert.Contains("ExecutionNotRedrivable", refused, StringComparison.Ordinal);
        Assert.Contains("Execution is SUCCEEDED and cannot be redriven", refused, StringComparison.Ordinal);
        var types = history.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(1, types.Count(t => t == "PassStateEntered"));
        Assert.Equal(2, types.Count(t => t == "TaskStateEntered"));
        Assert.Equal(["ExecutionFailed", "ExecutionRedriven", "TaskStateEntered"], types.SkipWhile(t => t != "ExecutionFailed").Take(3));
        Assert.Equal("ExecutionSucceeded", types[^1]);
        Assert.Equal([run], redriven.GetProperty("executions").EnumerateArray().Select(e => e.GetProperty("executionArn").GetString()));
    }

    [Fact]
    public async Task Api_BadRequests_GetStepFunctionsErrors()
    {
        AwsCli.RequireInstalled();

        var invalid = await _aws.FailAsync("stepfunctions", "create-state-machine", "--name", "cli-bad", "--role-arn", Role, "--definition", """{"StartAt":"Nowhere","States":{}}""");
        var missing = await _aws.FailAsync("stepfunctions", "describe-execution", "--execution-arn", "arn:aws:states:us-east-1:000000000000:execution:none:none");
        var listed = await _aws.JsonAsync("stepfunctions", "list-state-machines");

        Assert.Contains("InvalidDefinition", invalid, StringComparison.Ordinal);
        Assert.Contains("ExecutionDoesNotExist", missing, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Array, listed.GetProperty("stateMachines").ValueKind);
    }

    [Fact]
    public async Task CreateStateMachine_SignedForAnotherRegion_LivesInThatRegion()
    {
        AwsCli.RequireInstalled();
        const string Definition = """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""";

        var created = (await _aws.JsonAsync("stepfunctions", "create-state-machine", "--region", "eu-west-1", "--name", "cli-regional", "--role-arn", Role,
            "--definition", Definition)).GetProperty("stateMachineArn").GetString();
        var inEurope = await _aws.JsonAsync("stepfunctions", "list-state-machines", "--region", "eu-west-1");
        var inDefault = await _aws.JsonAsync("stepfunctions", "list-state-machines");

        Assert.Equal("arn:aws:states:eu-west-1:000000000000:stateMachine:cli-regional", created);
        Assert.Contains(inEurope.GetProperty("stateMachines").EnumerateArray(), m => m.GetProperty("name").GetString() == "cli-regional");
        Assert.DoesNotContain(inDefault.GetProperty("stateMachines").EnumerateArray(), m => m.GetProperty("name").GetString() == "cli-regional");
    }

    private async Task<JsonElement> FinishedAsync(string executionArn, AwsCli? aws = null)
    {
        aws ??= _aws;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var described = await aws.JsonAsync("stepfunctions", "describe-execution", "--execution-arn", executionArn);
            if (described.GetProperty("status").GetString() != "RUNNING")
            {
                return described;
            }
            await Task.Delay(200, timeout.Token);
        }
    }
}
