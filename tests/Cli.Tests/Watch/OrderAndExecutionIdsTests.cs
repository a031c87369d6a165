using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sluice.Cli.Put;
using Sluice.Cli.Tests.Support;
using Sluice.Shared.Aws;
using Sluice.Shared.Domain;

namespace Sluice.Cli.Tests.Watch;

/// <summary>
/// `watch` and `history` take each other's ids: an order id finds its execution through its
/// order.placed event on the stream (the execution is named after the event), and an execution's
/// name or ARN finds its order through its input. Each points to the other.
/// </summary>
public sealed class OrderAndExecutionIdsTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>
{
    private static int s_machines;

    private async Task<(string Stream, string Machine, string OrderId, string ExecutionName, string ExecutionArn)> PlacedAndStartedAsync()
    {
        var stream = await cloud.NewStreamAsync(1);
        var orderId = "ord-" + Guid.NewGuid().ToString("N")[..12];
        var eventId = Guid.NewGuid().ToString();
        var placed = OrderGenerator.Write(eventId, new OrderPlaced(orderId, "cust-1", "EUR", "tok_ok", [new OrderLine("SKU-1", 1, 5m)]), DateTimeOffset.UtcNow);
        await AwsTestClients.PutAsync(cloud.Endpoint, stream, orderId, placed);

        using var http = new HttpClient();
        var transport = new AwsHttpClient(AwsTestClients.Options(cloud.Endpoint), AwsService.StepFunctions, http);
        var name = $"ids-{Interlocked.Increment(ref s_machines)}-{Guid.NewGuid().ToString("N")[..12]}";
        var create = new JsonObject { ["name"] = name, ["definition"] = StepFunctionsFixture.Definition, ["roleArn"] = "arn:aws:iam::000000000000:role/test" };
        using var created = JsonDocument.Parse(await transport.SendJsonAsync("AWSStepFunctions.CreateStateMachine", "1.0", Encoding.UTF8.GetBytes(create.ToJsonString()), TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        var machine = created.RootElement.GetProperty("stateMachineArn").GetString()!;
        var sfn = new StepFunctionsClient(AwsTestClients.Options(cloud.Endpoint), http);
        var started = await sfn.StartExecutionAsync(machine, ExecutionName.For(OrderGenerator.Source, eventId), Encoding.UTF8.GetString(placed), TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        return (stream, machine, orderId, ExecutionName.For(OrderGenerator.Source, eventId), started.ExecutionArn);
    }

    private static List<string> Lines(string text) =>
        [.. text.Split('\n').Select(l => Regex.Replace(l.Trim(), " {2,}", " ")).Where(l => l.Length > 0)];

    [Fact]
    public async Task Watch_OrderId_FollowsTheExecutionItsPlacedEventStarted()
    {
        var (stream, machine, orderId, name, _) = await PlacedAndStartedAsync();

        // Followed until it stops, however far it got when watch started.
        var result = await CliRunner.RunAsync(["watch", orderId, "--interval", "0.1", "--endpoint", cloud.Endpoint, "--stream", stream, "--state-machine", machine]);

        Assert.Equal(1, result.ExitCode);
        var lines = Lines(result.Out);
        Assert.Contains($"execution: {name}", lines);
        Assert.Contains($"order: {orderId} (sluice history {orderId})", lines);
    }

    [Fact]
    public async Task History_ExecutionName_FindsItsOrderAndPointsBackToWatch()
    {
        var (stream, machine, orderId, name, _) = await PlacedAndStartedAsync();

        var result = await CliRunner.RunAsync(["history", name, "--endpoint", cloud.Endpoint, "--stream", stream, "--state-machine", machine]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = Lines(result.Out);
        Assert.Contains($"order: {orderId}", lines);
        Assert.Contains("status: placed", lines);
        Assert.Contains($"execution: {name} (sluice watch {name})", lines);
        Assert.Contains($"'{name}' is an execution of order {orderId}", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_ExecutionArnJson_TheOrderWithItsExecutions()
    {
        var (stream, _, orderId, name, arn) = await PlacedAndStartedAsync();

        var result = await CliRunner.RunAsync(["history", arn, "--json", "--endpoint", cloud.Endpoint, "--stream", stream]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var report = JsonDocument.Parse(result.Out);
        Assert.Equal(orderId, report.RootElement.GetProperty("orderId").GetString());
        Assert.Equal([name], report.RootElement.GetProperty("executions").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Redrive_OrderId_RedrivesTheExecutionItsPlacedEventStarted()
    {
        var (stream, machine, orderId, eventId, arn) = await PlacedAndStartedAsync();
        using var http = new HttpClient();
        var sfn = new StepFunctionsClient(AwsTestClients.Options(cloud.Endpoint), http);
        // The order carries no "ok", so the execution ends in the Reject state: FAILED.
        await Poll.UntilAsync(
            async () => (await sfn.DescribeExecutionAsync(arn, TestContext.Current.CancellationToken)).Status == "FAILED", () => $"{arn} FAILED");

        var result = await CliRunner.RunAsync(["redrive", orderId, "--endpoint", cloud.Endpoint, "--stream", stream, "--state-machine", machine]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"redriven {eventId} was FAILED", Lines(result.Out)[0]);
        Assert.Equal(1, (await sfn.DescribeExecutionAsync(arn, TestContext.Current.CancellationToken)).RedriveCount);
    }

    [Fact]
    public async Task Watch_NeitherExecutionNorOrder_OneLineError()
    {
        var (stream, machine, _, _, _) = await PlacedAndStartedAsync();

        var result = await CliRunner.RunAsync(["watch", "ghost", "--once", "--endpoint", cloud.Endpoint, "--stream", stream, "--state-machine", machine]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"sluice: no execution 'ghost' of {machine}, and no order 'ghost' on stream {stream} at {cloud.Endpoint}; `sluice watch` lists the executions",
            Assert.Single(Lines(result.Error)));
    }

    [Fact]
    public async Task History_UnknownId_NoEventsAndNoExecution()
    {
        var (stream, machine, _, _, _) = await PlacedAndStartedAsync();

        var result = await CliRunner.RunAsync(["history", "ghost", "--endpoint", cloud.Endpoint, "--stream", stream, "--state-machine", machine]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"sluice: no events for order 'ghost' in stream '{stream}' (and no execution of that name); no event archive is known", result.Error.Trim(), StringComparison.Ordinal);
    }
}
