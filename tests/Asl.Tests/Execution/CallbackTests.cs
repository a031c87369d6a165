using System.Text.Json.Nodes;

namespace Sluice.Asl.Tests.Execution;

public sealed class CallbackTests
{
    private const string Definition = """
        {"StartAt":"Wait","States":{"Wait":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
          "Parameters":{"QueueUrl":"q","MessageBody":{"token.$":"$$.Task.Token","order.$":"$.order"}},"HeartbeatSeconds":HEARTBEAT,"End":true}}}
        """;

    /// <summary>A worker: every message it receives is answered through the API with <paramref name="answer"/>.</summary>
    private static (AslTestHost Host, FakeServices Services) Worker(Func<string, (string Action, JsonObject Body)?> answer, double scale = 1)
    {
        AslTestHost? host = null;
        var services = new FakeServices(call =>
        {
            var token = call.Parameters!["MessageBody"]!["token"]!.GetValue<string>();
            Assert.Equal(token, call.TaskToken);
            if (answer(token) is { } reply)
            {
                _ = Task.Run(async () => await host!.CallAsync(reply.Action, reply.Body));
            }

            return FakeServices.Ok("""{"MessageId":"m-1","MD5OfMessageBody":"x"}""");
        });
        host = new AslTestHost(services: services, scale: scale);
        return (host, services);
    }

    [Fact]
    public async Task WaitForTaskToken_SendTaskSuccess_ResumesWithTheOutput()
    {
        var (host, _) = Worker(token => ("SendTaskSuccess", new JsonObject { ["taskToken"] = token, ["output"] = """{"approved":true}""" }));
        var result = await host.RunAsync(Definition.Replace("HEARTBEAT", "60", StringComparison.Ordinal), """{"order":"o1"}""");
        Assert.Equal("SUCCEEDED", result.Status);
        Assert.Equal("""{"approved":true}""", JsonValues.ToJson(result.Output));
        Assert.Equal(["TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded"], result.Types.Skip(2).Take(4));
    }

    [Fact]
    public async Task WaitForTaskToken_SendTaskFailure_FailsWithTheWorkersError()
    {
        var (host, _) = Worker(token => ("SendTaskFailure", new JsonObject { ["taskToken"] = token, ["error"] = "PaymentDeclined", ["cause"] = "tok_declined" }));
        var result = await host.RunAsync(Definition.Replace("HEARTBEAT", "60", StringComparison.Ordinal), """{"order":"o1"}""");
        Assert.Equal("FAILED", result.Status);
        Assert.Equal("PaymentDeclined", result.Error);
        Assert.Equal("tok_declined", result.Cause);
    }

    [Fact]
    public async Task WaitForTaskToken_NoHeartbeat_TimesOutWithStatesTimeout()
    {
        var (host, _) = Worker(_ => null, scale: 0.01);
        var result = await host.RunAsync(Definition.Replace("HEARTBEAT", "1", StringComparison.Ordinal), """{"order":"o1"}""");
        Assert.Equal("FAILED", result.Status);
        Assert.Equal(StatesErrors.Timeout, result.Error);
        Assert.Contains("TaskTimedOut", result.Types);
    }

    [Fact]
    public async Task SendTaskSuccess_UnknownToken_ReturnsTaskDoesNotExist()
    {
        var (status, body) = await new AslTestHost().CallAsync("SendTaskSuccess", new JsonObject { ["taskToken"] = "nope", ["output"] = "{}" });
        Assert.Equal(400, status);
        Assert.EndsWith("#TaskDoesNotExist", body["__type"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
