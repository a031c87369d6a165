using System.Text.Json;
using Sluice.Shared.Events;

namespace Sluice.Processor.Tests;

/// <summary>The published native AOT binary against a real Runtime API and a fake Step Functions.</summary>
public sealed class ProcessorBootstrapTests : IAsyncLifetime
{
    private const string StateMachineArn = "arn:aws:states:us-east-1:000000000000:stateMachine:order-fulfilment";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);
    private readonly HashSet<string> _started = [];
    private FakeRuntimeApi _api = null!;
    private string _bootstrap = null!;

    public async ValueTask InitializeAsync()
    {
        _api = await FakeRuntimeApi.StartAsync();
        _bootstrap = await FunctionPublisher.PublishAsync("Processor").WaitAsync(TimeSpan.FromMinutes(10));
        _api.AwsHandler = StartExecution;
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Bootstrap_SqsBatch_StartsOneExecutionPerEventAndTreatsDuplicateAsSuccess()
    {
        using var function = FunctionProcess.Start(_bootstrap, FunctionProcess.LambdaEnvironment(_api, "processor", ("STATE_MACHINE_ARN", StateMachineArn)));
        var sqsEvent = new SqsEvent([
            ProcessorHandlerTests.Message("m1", ProcessorHandlerTests.OrderPlaced("evt-1")),
            ProcessorHandlerTests.Message("m2", ProcessorHandlerTests.OrderPlaced("evt-1")),
            ProcessorHandlerTests.Message("m3", "{broken"),
        ]);
        _api.Enqueue("req-1", JsonSerializer.SerializeToUtf8Bytes(sqsEvent, EventsJsonContext.Default.SqsEvent));

        var result = await _api.ResultAsync("req-1", s_timeout);

        Assert.False(result.IsError, result.Body);
        Assert.Equal("""{"batchItemFailures":[{"itemIdentifier":"m3"}]}""", result.Body);
        Assert.Equal(2, _api.AwsRequests.Count);
        var first = _api.AwsRequests.First();
        Assert.Equal("AWSStepFunctions.StartExecution", first.Target);
        Assert.Equal("application/x-amz-json-1.0", first.ContentType);
        using var body = JsonDocument.Parse(first.Body);
        Assert.Equal(StateMachineArn, body.RootElement.GetProperty("stateMachineArn").GetString());
        Assert.Equal("evt-1", body.RootElement.GetProperty("name").GetString());
        Assert.Equal(ProcessorHandlerTests.OrderPlaced("evt-1"), body.RootElement.GetProperty("input").GetString());
    }

    [Fact]
    public async Task Bootstrap_EventNotSqs_ReportsInvalidEvent()
    {
        using var function = FunctionProcess.Start(_bootstrap, FunctionProcess.LambdaEnvironment(_api, "processor", ("STATE_MACHINE_ARN", StateMachineArn)));
        _api.Enqueue("bad", "\"just a string\""u8.ToArray());

        var result = await _api.ResultAsync("bad", s_timeout);

        Assert.True(result.IsError);
        Assert.Equal("InvalidEvent", result.ErrorTypeHeader);
    }

    [Fact]
    public void Bootstrap_NeedsNoGlibcNewerThan234() =>
        Assert.True(GlibcRequirement.NewestRequired(_bootstrap) <= new Version(2, 34));

    private AwsAnswer StartExecution(RecordedAwsRequest request)
    {
        using var body = JsonDocument.Parse(request.Body);
        var name = body.RootElement.GetProperty("name").GetString()!;
        lock (_started)
        {
            return _started.Add(name)
                ? new AwsAnswer(200, "application/x-amz-json-1.0", $$"""{"executionArn":"arn:aws:states:us-east-1:000000000000:execution:order-fulfilment:{{name}}","startDate":1764158400.5}""")
                : new AwsAnswer(400, "application/x-amz-json-1.0", $$"""{"__type":"ExecutionAlreadyExists","message":"Execution Already Exists: 'arn:aws:states:us-east-1:000000000000:execution:order-fulfilment:{{name}}'"}""");
        }
    }
}
