using System.Text.Json;
using Sluice.LocalCloud.Lambda;
using Sluice.LocalCloud.Lambda.EventSources;
using Sluice.LocalCloud.Lambda.Runtime;
using Sluice.LocalCloud.Sqs;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Lambda;

/// <summary>SQS event source mappings feeding the real Flaky bootstrap.</summary>
public sealed class SqsEventSourceTests(LambdaRig rig) : IClassFixture<LambdaRig>
{
    private static readonly JsonElement s_recorded = RecordedSnapshots.Load("lambda_/event_source_mapping/test_lambda_integration_sqs.snapshot.json");

    [Fact]
    public async Task SqsEvent_WithMessageAttributes_IsTheEventAwsRecorded()
    {
        var (url, arn) = CreateQueue();
        rig.Sqs.SendMessage(url, new SqsSendRequest("{\"destination\": \"x\", \"fail_attempts\": 0}")
        {
            MessageAttributes = new Dictionary<string, SqsAttributeValue>
            {
                ["WeeksOn"] = new("Number", "6", null),
                ["Author"] = new("String", "John Grisham", null),
                ["Title"] = new("String", "The Whistler", null),
            },
        });
        var received = await rig.Sqs.ReceiveMessageAsync(url, new SqsReceiveRequest { MaxNumberOfMessages = 1, AttributeNames = ["All"], MessageAttributeNames = ["All"] }, default).WaitAsync(LambdaRig.Wait);

        using var produced = JsonDocument.Parse(EventPayloads.Sqs(received, arn, "us-east-1"));

        var recorded = RecordedSnapshots.Test(s_recorded, "test_message_body_and_attributes_passed_correctly")
            .GetProperty("first_attempt").GetProperty("Messages")[0].GetProperty("Body").GetProperty("event");
        var record = produced.RootElement.GetProperty("Records")[0];
        Assert.Equal("d25a6aea97eb8f585bfa92d314504a92", record.GetProperty("md5OfMessageAttributes").GetString());
        RecordedShape.AssertMatches(recorded.GetProperty("Records")[0].GetProperty("messageAttributes"), record.GetProperty("messageAttributes"));
        var withoutAttributes = RecordedSnapshots.Test(s_recorded, "TestSQSEventSourceMapping::test_sqs_event_source_mapping").GetProperty("events")[0];
        rig.Sqs.SendMessage(url, new SqsSendRequest("{\"foo\": \"bar\"}"));
        var plain = await rig.Sqs.ReceiveMessageAsync(url, new SqsReceiveRequest { MaxNumberOfMessages = 1, AttributeNames = ["All"], MessageAttributeNames = ["All"] }, default).WaitAsync(LambdaRig.Wait);
        using var plainEvent = JsonDocument.Parse(EventPayloads.Sqs(plain, arn, "us-east-1"));
        RecordedShape.AssertMatches(withoutAttributes, plainEvent.RootElement);
    }

    [Fact]
    public async Task ReportBatchItemFailures_DeletesSuccessesAndLeavesFailuresToTheRedrivePolicy()
    {
        var function = await rig.CreateFlakyAsync();
        var (dlqUrl, dlqArn) = CreateQueue();
        var (url, arn) = CreateQueue(new Dictionary<string, string>
        {
            ["VisibilityTimeout"] = "2",
            ["RedrivePolicy"] = $"{{\"deadLetterTargetArn\":\"{dlqArn}\",\"maxReceiveCount\":\"2\"}}",
        });
        foreach (var text in new[] { "a|ok", "b|fail", "c|ok" })
        {
            rig.Sqs.SendMessage(url, new SqsSendRequest(text));
        }
        Map(function, arn, batchSize: 10, reportItemFailures: true);

        var dead = await rig.Sqs.ReceiveMessageAsync(dlqUrl, new SqsReceiveRequest { MaxNumberOfMessages = 10, WaitTimeSeconds = 20 }, default).WaitAsync(LambdaRig.Wait);

        Assert.Equal(["b|fail"], dead.Select(m => m.Body));
        var lines = LambdaRig.FlakyLines(function);
        Assert.Equal(1, lines.Count(l => l == "sqs a|ok"));
        Assert.Equal(1, lines.Count(l => l == "sqs c|ok"));
        Assert.Equal(2, lines.Count(l => l == "sqs b|fail"));
        Assert.Equal("0", rig.Sqs.GetQueueAttributes(url, ["ApproximateNumberOfMessages"])["ApproximateNumberOfMessages"]);
        Assert.Equal("0", rig.Sqs.GetQueueAttributes(url, ["ApproximateNumberOfMessagesNotVisible"])["ApproximateNumberOfMessagesNotVisible"]);
    }

    [Fact]
    public async Task FunctionError_LeavesTheWholeBatchToBeReceivedAgain()
    {
        var function = await rig.CreateFlakyAsync();
        var (dlqUrl, dlqArn) = CreateQueue();
        var (url, arn) = CreateQueue(new Dictionary<string, string>
        {
            ["VisibilityTimeout"] = "1",
            ["RedrivePolicy"] = $"{{\"deadLetterTargetArn\":\"{dlqArn}\",\"maxReceiveCount\":\"2\"}}",
        });
        rig.Sqs.SendMessage(url, new SqsSendRequest("x|throw"));
        Map(function, arn, batchSize: 10, reportItemFailures: false);

        var dead = await rig.Sqs.ReceiveMessageAsync(dlqUrl, new SqsReceiveRequest { MaxNumberOfMessages = 10, WaitTimeSeconds = 20, AttributeNames = ["All"] }, default).WaitAsync(LambdaRig.Wait);

        Assert.Equal(["x|throw"], dead.Select(m => m.Body));
        Assert.Equal(2, LambdaRig.FlakyLines(function).Count(l => l == "sqs x|throw"));
        Assert.All(function.Records(), r => Assert.Equal("FlakyError", r.ErrorType));
    }

    [Fact]
    public async Task BatchSizeAndWindow_GatherMessagesIntoOneInvocation()
    {
        var function = await rig.CreateFlakyAsync();
        var (url, arn) = CreateQueue();
        Map(function, arn, batchSize: 20, reportItemFailures: false, window: 1, maximumConcurrency: 2);
        for (var i = 0; i < 15; i++)
        {
            rig.Sqs.SendMessage(url, new SqsSendRequest("m" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        await Poll.UntilAsync(() => LambdaRig.FlakyLines(function).Count(l => l.StartsWith("sqs ", StringComparison.Ordinal)) >= 15, () => string.Join("|", LambdaRig.FlakyLines(function)));

        var batches = LambdaRig.FlakyLines(function).Where(l => l.StartsWith("batch", StringComparison.Ordinal)).ToList();
        Assert.True(batches.Count <= 2, "15 messages within one window make at most one batch per poller: " + string.Join(", ", batches));
        Assert.Equal("0", rig.Sqs.GetQueueAttributes(url, ["ApproximateNumberOfMessages"])["ApproximateNumberOfMessages"]);
    }

    [Fact]
    public async Task ScalingConfigMaximumConcurrency_BoundsConcurrentInvocations()
    {
        var function = await rig.CreateFlakyAsync(reserved: 6);
        var (url, arn) = CreateQueue();
        for (var i = 0; i < 8; i++)
        {
            rig.Sqs.SendMessage(url, new SqsSendRequest("sleep:300"));
        }
        Map(function, arn, batchSize: 1, reportItemFailures: false, maximumConcurrency: 2);

        await Poll.UntilAsync(() => function.Records().Count >= 8, () => function.Records().Count.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var records = function.Records();
        var peak = records.Max(r => records.Count(o => o.Started <= r.Started && r.Started < o.Started.AddMilliseconds(o.DurationMs + o.InitDurationMs)));
        Assert.Equal(2, peak);
    }

    [Fact]
    public async Task CreateEventSourceMapping_BadSettings_AreRejectedWithAwsErrors()
    {
        var function = await rig.CreateFlakyAsync();
        var (_, arn) = CreateQueue();

        var noFunction = Assert.Throws<Protocol.AwsServiceException>(() => rig.Lambda.CreateEventSourceMapping(Definition("missing-function", arn, 10, null, null, false)));
        var noWindow = Assert.Throws<Protocol.AwsServiceException>(() => rig.Lambda.CreateEventSourceMapping(Definition(function.Definition.FunctionName, arn, 20, null, null, false)));
        var noQueue = Assert.Throws<Protocol.AwsServiceException>(() => rig.Lambda.CreateEventSourceMapping(Definition(function.Definition.FunctionName, arn + "-gone", 10, null, null, false)));

        Assert.Equal("ResourceNotFoundException", noFunction.Code);
        Assert.Equal("InvalidParameterValueException", noWindow.Code);
        Assert.Equal("Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10", noWindow.Message);
        Assert.Equal("InvalidParameterValueException", noQueue.Code);
    }

    private (string Url, string Arn) CreateQueue(Dictionary<string, string>? attributes = null)
    {
        var name = "q-" + Guid.NewGuid().ToString("N")[..8];
        return (rig.Sqs.CreateQueue(name, attributes, null), $"arn:aws:sqs:us-east-1:000000000000:{name}");
    }

    private void Map(LambdaFunction function, string queueArn, int batchSize, bool reportItemFailures, int? window = null, int? maximumConcurrency = null) =>
        rig.Lambda.CreateEventSourceMapping(Definition(function.Definition.FunctionName, queueArn, batchSize, window, maximumConcurrency, reportItemFailures));

    private static EventSourceMappingDefinition Definition(string function, string queueArn, int batchSize, int? window, int? maximumConcurrency, bool reportItemFailures) =>
        new(Guid.NewGuid().ToString(), function, queueArn, true, batchSize, window, null, null, null, null, null, null,
            reportItemFailures ? ["ReportBatchItemFailures"] : [], null, maximumConcurrency);
}
