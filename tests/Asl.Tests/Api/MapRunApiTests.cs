using System.Text.Json.Nodes;
using Sluice.Asl.Resources;

namespace Sluice.Asl.Tests.Api;

public sealed class MapRunApiTests
{
    private const string Machine = """
        {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","Label":"Orders","MaxConcurrency":2,"ToleratedFailureCount":5,
          "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}
        """;

    [Fact]
    public async Task ListMapRunsAndDescribeMapRun_AfterADistributedMap_ReportTheRunAsAws()
    {
        var host = new AslTestHost();
        var result = await host.RunAsync(Machine, """{"items":[1,2,3]}""");
        var (status, listed) = await host.CallAsync("ListMapRuns", new JsonObject { ["executionArn"] = result.Arn });
        Assert.Equal(200, status);
        var run = Assert.Single(listed["mapRuns"]!.AsArray())!;
        var mapRunArn = run["mapRunArn"]!.GetValue<string>();
        Assert.Matches(@"^arn:aws:states:us-east-1:000000000000:mapRun:machine-\d+/Orders:[0-9a-f-]{36}$", mapRunArn);
        Assert.EndsWith("/Orders", run["stateMachineArn"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(mapRunArn, result.History.Single(e => e!["type"]!.GetValue<string>() == "MapRunStarted")!["mapRunStartedEventDetails"]!["mapRunArn"]!.GetValue<string>());

        var (_, described) = await host.CallAsync("DescribeMapRun", new JsonObject { ["mapRunArn"] = mapRunArn });
        Assert.Equal(("SUCCEEDED", result.Arn, 2, 5L), (described["status"]!.GetValue<string>(), described["executionArn"]!.GetValue<string>(), described["maxConcurrency"]!.GetValue<int>(), described["toleratedFailureCount"]!.GetValue<long>()));
        Assert.Equal(3, described["itemCounts"]!["succeeded"]!.GetValue<long>());
        Assert.Equal(3, described["executionCounts"]!["total"]!.GetValue<long>());
        Assert.NotNull(described["stopDate"]);
    }

    [Fact]
    public async Task ListExecutions_ByMapRun_ListsTheChildExecutionsWithTheirOwnHistory()
    {
        var host = new AslTestHost();
        var result = await host.RunAsync(Machine, """{"items":["x","y"]}""");
        var (_, runs) = await host.CallAsync("ListMapRuns", new JsonObject { ["executionArn"] = result.Arn });
        var mapRunArn = runs["mapRuns"]![0]!["mapRunArn"]!.GetValue<string>();
        var (_, children) = await host.CallAsync("ListExecutions", new JsonObject { ["mapRunArn"] = mapRunArn });
        var executions = children["executions"]!.AsArray();
        Assert.Equal(2, executions.Count);
        Assert.All(executions, e => Assert.Equal(mapRunArn, e!["mapRunArn"]!.GetValue<string>()));

        var childArn = executions[0]!["executionArn"]!.GetValue<string>();
        var child = await host.ResultAsync(childArn);
        Assert.Equal("SUCCEEDED", child.Status);
        Assert.Equal(["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"], child.Types);
        var (_, described) = await host.CallAsync("DescribeExecution", new JsonObject { ["executionArn"] = childArn });
        Assert.Equal(mapRunArn, described["mapRunArn"]!.GetValue<string>());
        Assert.Equal("NOT_REDRIVABLE", described["redriveStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListExecutions_BothOrNeitherArn_IsValidationException()
    {
        var host = new AslTestHost();
        var (status, body) = await host.CallAsync("ListExecutions", new JsonObject());
        Assert.Equal(400, status);
        Assert.EndsWith("#ValidationException", body["__type"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeMapRun_Unknown_IsResourceNotFound()
    {
        var (status, body) = await new AslTestHost().CallAsync("DescribeMapRun", new JsonObject { ["mapRunArn"] = "arn:aws:states:us-east-1:000000000000:mapRun:m/l:00000000-0000-0000-0000-000000000000" });
        Assert.Equal(400, status);
        Assert.EndsWith("#ResourceNotFound", body["__type"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateMapRun_RaisingMaxConcurrency_StartsMoreChildrenAtOnce()
    {
        var lambda = new GateLambda();
        var host = new AslTestHost(lambda);
        var definition = """
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":1,
              "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"T",
                "States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:work","End":true}}},"End":true}}}
            """;
        var machine = await host.CreateAsync(definition);
        var (_, started) = await host.CallAsync("StartExecution", new JsonObject { ["stateMachineArn"] = machine, ["input"] = """{"items":[1,2,3,4]}""" });
        var arn = started["executionArn"]!.GetValue<string>();
        await lambda.WaitForInFlightAsync(1);
        Assert.Equal(1, lambda.InFlight);

        var (_, runs) = await host.CallAsync("ListMapRuns", new JsonObject { ["executionArn"] = arn });
        var mapRunArn = runs["mapRuns"]![0]!["mapRunArn"]!.GetValue<string>();
        var (status, _) = await host.CallAsync("UpdateMapRun", new JsonObject { ["mapRunArn"] = mapRunArn, ["maxConcurrency"] = 3 });
        Assert.Equal(200, status);
        await lambda.WaitForInFlightAsync(3);
        Assert.Equal(3, lambda.InFlight);

        lambda.ReleaseAll();
        var result = await host.ResultAsync(arn);
        Assert.Equal("SUCCEEDED", result.Status);
        var (_, described) = await host.CallAsync("DescribeMapRun", new JsonObject { ["mapRunArn"] = mapRunArn });
        Assert.Equal(3, described["maxConcurrency"]!.GetValue<int>());
        var (closedStatus, closed) = await host.CallAsync("UpdateMapRun", new JsonObject { ["mapRunArn"] = mapRunArn, ["maxConcurrency"] = 1 });
        Assert.Equal(400, closedStatus);
        Assert.EndsWith("#ValidationException", closed["__type"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("maxConcurrency", -1)]
    [InlineData("toleratedFailurePercentage", 101)]
    [InlineData("toleratedFailureCount", -2)]
    public async Task UpdateMapRun_OutOfRange_IsValidationException(string field, int value)
    {
        var host = new AslTestHost();
        var result = await host.RunAsync(Machine, """{"items":[1]}""");
        var (_, runs) = await host.CallAsync("ListMapRuns", new JsonObject { ["executionArn"] = result.Arn });
        var (status, body) = await host.CallAsync("UpdateMapRun", new JsonObject { ["mapRunArn"] = runs["mapRuns"]![0]!["mapRunArn"]!.DeepClone(), [field] = value });
        Assert.Equal(400, status);
        Assert.EndsWith("#ValidationException", body["__type"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>A Lambda whose invocations wait until released, so a test can see how many run at once.</summary>
    private sealed class GateLambda : ILambdaInvoker
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _lock = new();
        private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
        private int _inFlight;

        public int InFlight => Volatile.Read(ref _inFlight);

        public async Task<LambdaInvocationResult> InvokeAsync(string function, string payloadJson, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _inFlight);
            lock (_lock)
            {
                foreach (var waiter in _waiters.Where(w => now >= w.Count))
                {
                    waiter.Reached.TrySetResult();
                }
            }

            await _release.Task.WaitAsync(cancellationToken);
            return LambdaInvocationResult.Success(payloadJson);
        }

        public Task WaitForInFlightAsync(int count)
        {
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lock)
            {
                if (InFlight >= count)
                {
                    return Task.CompletedTask;
                }

                _waiters.Add((count, reached));
            }

            return reached.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        }

        public void ReleaseAll() => _release.TrySetResult();
    }
}
