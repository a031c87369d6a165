using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Shared.Events;

namespace Sluice.Processor.Tests;

/// <summary>The published native AOT binary against a real Runtime API and a fake Step Functions.</summary>
public sealed class ProcessorBootstrapTests : IAsyncLifetime
{
    private const string StateMachineArn = "arn:aws:states:us-east-1:000000000000:stateMachine:order-fulfilment";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);
    private const string RejectedQueueUrl = "https://sqs.us-east-1.amazonaws.com/000000000000/sluice-rejected";
    private readonly Dictionary<string, string> _started = new(StringComparer.Ordinal);
    private FakeRuntimeApi _api = null!;
    private string _bootstrap = null!;

    public async ValueTask InitializeAsync()
    {
        _api = await FakeRuntimeApi.StartAsync();
        _bootstrap = await FunctionPublisher.PublishAsync("Processor").WaitAsync(TimeSpan.FromMinutes(10));
        _api.AwsHandler = Answer;
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Bootstrap_SqsBatch_StartsOneExecutionPerEventDuplicateIsSuccessConflictIsRejected()
    {
        using var function = Start();
        var sqsEvent = new SqsEvent([
            ProcessorHandlerTests.Message("m1", ProcessorHandlerTests.OrderPlaced("evt-1")),
            ProcessorHandlerTests.Message("m2", ProcessorHandlerTests.OrderPlaced("evt-1")),
            ProcessorHandlerTests.Message("m3", "{broken"),
            ProcessorHandlerTests.Message("m4", ProcessorHandlerTests.OrderPlaced("evt-1", "ord-other")),
        ]);
        _api.Enqueue("req-1", JsonSerializer.SerializeToUtf8Bytes(sqsEvent, EventsJsonContext.Default.SqsEvent));

        var result = await _api.ResultAsync("req-1", s_timeout);

        Assert.False(result.IsError, result.Body);
        Assert.Equal("""{"batchItemFailures":[{"itemIdentifier":"m3"}]}""", result.Body);
        Assert.Equal(
            ["AWSStepFunctions.StartExecution", "AWSStepFunctions.StartExecution", "AWSStepFunctions.DescribeExecution", "AWSStepFunctions.StartExecution", "AWSStepFunctions.DescribeExecution", "AmazonSQS.SendMessage"],
            _api.AwsRequests.Select(r => r.Target));
        var first = _api.AwsRequests.First();
        Assert.Equal("AWSStepFunctions.StartExecution", first.Target);
        Assert.Equal("application/x-amz-json-1.0", first.ContentType);
        using var body = JsonDocument.Parse(first.Body);
        Assert.Equal(StateMachineArn, body.RootElement.GetProperty("stateMachineArn").GetString());
        Assert.Equal(ProcessorHandlerTests.NameOf("evt-1"), body.RootElement.GetProperty("name").GetString());
        Assert.Equal(ProcessorHandlerTests.OrderPlaced("evt-1"), body.RootElement.GetProperty("input").GetString());
        using var sent = JsonDocument.Parse(_api.AwsRequests.Last().Body);
        Assert.Equal(RejectedQueueUrl, sent.RootElement.GetProperty("QueueUrl").GetString());
        Assert.Equal("sluice.processor.rejected", sent.RootElement.GetProperty("MessageAttributes").GetProperty("type").GetProperty("StringValue").GetString());
        using var conflict = JsonDocument.Parse(sent.RootElement.GetProperty("MessageBody").GetString()!);
        Assert.Equal("ord-other", conflict.RootElement.GetProperty("data").GetProperty("partitionKey").GetString());
    }

    [Fact]
    public async Task Bootstrap_EventNotSqs_ReportsInvalidEvent()
    {
        using var function = Start();
        _api.Enqueue("bad", "\"just a string\""u8.ToArray());

        var result = await _api.ResultAsync("bad", s_timeout);

        Assert.True(result.IsError);
        Assert.Equal("InvalidEvent", result.ErrorTypeHeader);
    }

    [Fact]
    public void Bootstrap_NeedsNoGlibcNewerThan234() =>
        Assert.True(GlibcRequirement.NewestRequired(_bootstrap) <= new Version(2, 34));

    private FunctionProcess Start() =>
        FunctionProcess.Start(_bootstrap, FunctionProcess.LambdaEnvironment(_api, "processor", ("STATE_MACHINE_ARN", StateMachineArn), ("REJECTED_QUEUE_URL", RejectedQueueUrl)));

    /// <summary>Step Functions for a STANDARD machine (names are unique; DescribeExecution gives the input) and SQS SendMessage.</summary>
    private AwsAnswer Answer(RecordedAwsRequest request)
    {
        using var body = JsonDocument.Parse(request.Body);
        const string Json = "application/x-amz-json-1.0";
        lock (_started)
        {
            switch (request.Target)
            {
                case "AWSStepFunctions.StartExecution":
                    var name = body.RootElement.GetProperty("name").GetString()!;
                    return _started.TryAdd(name, body.RootElement.GetProperty("input").GetString()!)
                        ? new AwsAnswer(200, Json, $$"""{"executionArn":"arn:aws:states:us-east-1:000000000000:execution:order-fulfilment:{{name}}","startDate":1764158400.5}""")
                        : new AwsAnswer(400, Json, $$"""{"__type":"ExecutionAlreadyExists","message":"Execution Already Exists: 'arn:aws:states:us-east-1:000000000000:execution:order-fulfilment:{{name}}'"}""");
                case "AWSStepFunctions.DescribeExecution":
                    var arn = body.RootElement.GetProperty("executionArn").GetString()!;
                    var described = new JsonObject
                    {
                        ["executionArn"] = arn,
                        ["stateMachineArn"] = StateMachineArn,
                        ["name"] = arn[(arn.LastIndexOf(':') + 1)..],
                        ["status"] = "SUCCEEDED",
                        ["startDate"] = 1764158400.5,
                        ["input"] = _started[arn[(arn.LastIndexOf(':') + 1)..]],
                    };
                    return new AwsAnswer(200, Json, described.ToJsonString());
                case "AmazonSQS.SendMessage":
                    return new AwsAnswer(200, Json, """{"MessageId":"5fea7756-0ea4-451a-a703-a558b933e274","MD5OfMessageBody":"x"}""");
                default:
                    return new AwsAnswer(400, Json, """{"__type":"UnknownOperationException"}""");
            }
        }
    }
}
