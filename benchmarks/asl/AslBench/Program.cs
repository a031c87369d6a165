using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Sluice.Asl;
using Sluice.Asl.Api;
using Sluice.Asl.Time;

// Usage: Sluice.Asl.Bench <definitions.json> <seconds>. Runs each case through the public API
// (CreateStateMachine, StartExecution, wait) for the time budget and prints one JSON line per case.
var cases = JsonNode.Parse(File.ReadAllText(args[0]))!.AsArray();
var budget = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var service = new StepFunctionsService(new AslEngineOptions { Clock = new ScaledClock(0) });

foreach (var c in cases)
{
    var name = c!["name"]!.GetValue<string>();
    var created = await Call("CreateStateMachine", new JsonObject
    {
        ["name"] = name,
        ["definition"] = c["definition"]!.ToJsonString(),
        ["roleArn"] = "arn:aws:iam::000000000000:role/bench",
    });
    var machine = created["stateMachineArn"]!.GetValue<string>();
    var input = c["input"]!.ToJsonString();
    var perRun = c["transitionsPerRun"]!.GetValue<int>();
    // Warm-up, the same rule as node/bench.mjs: at least 3 runs and 1 second (the JIT's tiering needs time).
    var warm = Stopwatch.StartNew();
    for (var i = 0; i < 3 || warm.Elapsed.TotalSeconds < 1; i++)
    {
        await RunAsync(machine, input);
    }

    var runs = 0;
    var pauseBefore = GC.GetTotalPauseDuration();
    var gen0Before = GC.CollectionCount(0);
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var gen2Before = GC.CollectionCount(2);
    var watch = Stopwatch.StartNew();
    while (watch.Elapsed.TotalSeconds < budget)
    {
        await RunAsync(machine, input);
        runs++;
    }

    var seconds = watch.Elapsed.TotalSeconds;
    var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
    Console.WriteLine(new JsonObject
    {
        ["engine"] = "Sluice.Asl",
        ["case"] = name,
        ["runs"] = runs,
        ["transitions"] = (long)runs * perRun,
        ["seconds"] = seconds,
        ["perSecond"] = runs * perRun / seconds,
        ["allocatedBytesPerTransition"] = Math.Round((double)allocated / ((long)runs * perRun)),
        ["gcPauseSeconds"] = (GC.GetTotalPauseDuration() - pauseBefore).TotalSeconds,
        ["gen0Collections"] = GC.CollectionCount(0) - gen0Before,
        ["gen2Collections"] = GC.CollectionCount(2) - gen2Before,
    }.ToJsonString());
}

async Task RunAsync(string machine, string input)
{
    var started = await Call("StartExecution", new JsonObject { ["stateMachineArn"] = machine, ["input"] = input });
    var arn = started["executionArn"]!.GetValue<string>();
    await service.WaitForExecutionAsync(arn, CancellationToken.None);
    var described = await Call("DescribeExecution", new JsonObject { ["executionArn"] = arn });
    if (described["status"]!.GetValue<string>() != "SUCCEEDED")
    {
        throw new InvalidOperationException($"Benchmark run failed: {described.ToJsonString()}");
    }
}

async Task<JsonObject> Call(string action, JsonObject body)
{
    var response = await service.HandleAsync(action, Encoding.UTF8.GetBytes(body.ToJsonString()), CancellationToken.None);
    return JsonNode.Parse(response.Body)!.AsObject();
}
