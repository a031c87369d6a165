using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Sluice.Shared.Events;
using Sluice.TestSupport;

// Measures, for each function: the size of its bootstrap; the median time from process start to
// its first GET /invocation/next over N runs, native AOT and the same code on the JIT, as a ratio;
// and the peak memory (VmHWM) after handling a 100-record batch.
//   dotnet run --project benchmarks/FunctionStartup -c Release -- [runs]
// With "warm N": one AOT process per function handles N batches in a row, and its resident memory
// (VmRSS) is read along the way, with no limit and with the GC held to 75 % of the function's 256 MB
// (DOTNET_GCHeapHardLimit, what the .NET GC takes on its own inside Lambda's memory limit).
//   dotnet run --project benchmarks/FunctionStartup -c Release -- warm 5000 [Orchestrator]
var warm = args.Length > 0 && args[0] == "warm";
var runs = args.Length > (warm ? 1 : 0) ? int.Parse(args[warm ? 1 : 0], CultureInfo.InvariantCulture) : (warm ? 5000 : 20);
var functions = new[] { "Ingest", "Processor", "Orchestrator" };
var root = RepositoryRoot.Directory;
var bootstraps = new Dictionary<string, string>(StringComparer.Ordinal);

foreach (var function in functions)
{
    bootstraps[function] = await FunctionPublisher.PublishAsync(function);
    Run("dotnet", "build", Path.Combine(root, "src", function), "-c", "Release", "--nologo", "-v", "quiet");
}

if (warm)
{
    var checkpoints = new[] { 1, 10, 100, 1000, runs / 4, runs / 2, runs }.Where(c => c <= runs).Distinct().Order().ToArray();
    var table = new StringBuilder();
    table.AppendLine(CultureInfo.InvariantCulture, $"| function | GC limit | {string.Join(" | ", checkpoints.Select(c => $"RSS after {c}"))} | peak |");
    table.AppendLine(CultureInfo.InvariantCulture, $"|---|---|{string.Concat(checkpoints.Select(_ => "---|"))}---|");
    foreach (var function in args.Length > 2 ? args[2..] : functions)
    {
        foreach (var limit in new string?[] { null, "0xC000000" })
        {
            var (samples, peak) = await WarmMemoryAsync(function, bootstraps[function], [], runs, checkpoints, limit);
            table.AppendLine(CultureInfo.InvariantCulture, $"| {function} | {(limit is null ? "none" : "192 MiB")} | {string.Join(" | ", samples.Select(b => $"{b / 1024.0 / 1024.0:F1} MiB"))} | {peak / 1024.0 / 1024.0:F1} MiB |");
        }
    }

    Console.WriteLine(table);
    return 0;
}

var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"| function | bootstrap size | AOT start (median of {runs}) | JIT start (median of {runs}) | JIT / AOT | AOT peak memory, 100-record batch | JIT peak memory, 100-record batch |");
report.AppendLine("|---|---|---|---|---|---|---|");
foreach (var function in functions)
{
    var aot = bootstraps[function];
    var dll = Path.Combine(root, "src", function, "bin", "Release", "net10.0", "bootstrap.dll");
    var aotStart = await MedianStartAsync(function, aot, [], runs);
    var jitStart = await MedianStartAsync(function, "dotnet", [dll], runs);
    var aotMemory = await PeakMemoryAsync(function, aot, []);
    var jitMemory = await PeakMemoryAsync(function, "dotnet", [dll]);
    report.AppendLine(CultureInfo.InvariantCulture, $"| {function} | {new FileInfo(aot).Length / 1024.0 / 1024.0:F1} MiB | {aotStart:F1} ms | {jitStart:F1} ms | {jitStart / aotStart:F1}x | {aotMemory / 1024.0 / 1024.0:F1} MiB | {jitMemory / 1024.0 / 1024.0:F1} MiB |");
}

Console.WriteLine(report);
return 0;

static async Task<double> MedianStartAsync(string function, string executable, string[] args, int runs)
{
    var samples = new List<double>(runs);
    for (var i = 0; i < runs; i++)
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        var started = Stopwatch.GetTimestamp();
        using var process = FunctionProcess.Start(executable, Environment(api, function), args);
        var firstNext = await api.NextCallAsync(TimeSpan.FromSeconds(30));
        samples.Add(Stopwatch.GetElapsedTime(started, firstNext).TotalMilliseconds);
    }

    samples.Sort();
    return runs % 2 == 1 ? samples[runs / 2] : (samples[(runs / 2) - 1] + samples[runs / 2]) / 2;
}

static async Task<long> PeakMemoryAsync(string function, string executable, string[] args) =>
    (await WarmMemoryAsync(function, executable, args, 1, [], null)).Peak;

// One process handles `batches` batches in a row; VmRSS at each checkpoint, and VmHWM at the end.
static async Task<(List<long> Samples, long Peak)> WarmMemoryAsync(string function, string executable, string[] args, int batches, int[] checkpoints, string? gcLimit)
{
    await using var api = await FakeRuntimeApi.StartAsync();
    api.AwsHandler = AnswerAws;
    var environment = Environment(api, function);
    if (gcLimit is not null)
    {
        environment["DOTNET_GCHeapHardLimit"] = gcLimit;
    }

    using var process = FunctionProcess.Start(executable, environment, args);
    var payload = Batch(function);
    var samples = new List<long>();
    for (var i = 1; i <= batches; i++)
    {
        var id = $"batch-{i}";
        api.Enqueue(id, payload);
        var result = await api.ResultAsync(id, TimeSpan.FromSeconds(60));
        if (result.IsError)
        {
            throw new InvalidOperationException($"{function} failed batch {i}: {result.Body}");
        }

        if (checkpoints.Contains(i))
        {
            samples.Add(process.ResidentBytes());
        }
    }

    return (samples, process.PeakMemoryBytes());
}

static Dictionary<string, string> Environment(FakeRuntimeApi api, string function) =>
    FunctionProcess.LambdaEnvironment(api, function.ToLowerInvariant(),
        ("TOPIC_ARN", "arn:aws:sns:us-east-1:000000000000:sluice-orders"),
        ("STATE_MACHINE_ARN", "arn:aws:states:us-east-1:000000000000:stateMachine:order-fulfilment"),
        ("STREAM_NAME", "sluice-orders"),
        ("POWERTOOLS_LOG_LEVEL", "WARN"));

// 100 order.placed records for Ingest, 10 SQS messages (Lambda's SQS batch maximum) x 10 for Processor
// (a batch of 100 needs a batching window; the shape is the same), one record-outcome for Orchestrator.
static byte[] Batch(string function)
{
    static string Order(int i) => $$$"""{"specversion":"1.0","id":"evt-{{{i}}}","source":"bench","type":"order.placed","subject":"ord-{{{i}}}","time":"2026-11-26T12:00:00Z","datacontenttype":"application/json","data":{"orderId":"ord-{{{i}}}","customerId":"c-{{{i}}}","currency":"EUR","paymentToken":"tok_ok","lines":[{"sku":"SKU-1","quantity":2,"unitPrice":9.99},{"sku":"SKU-2","quantity":1,"unitPrice":24.5}]}}""";
    switch (function)
    {
        case "Ingest":
            var records = Enumerable.Range(0, 100).Select(i => new KinesisEventRecord(
                new KinesisRecordData("1.0", $"ord-{i}", (49600000000000000000m + i).ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(Encoding.UTF8.GetBytes(Order(i))), 1764158400.5),
                "aws:kinesis", "1.0", $"shardId-000000000000:{i}", "aws:kinesis:record", "arn:aws:iam::000000000000:role/r", "us-east-1", "arn:aws:kinesis:us-east-1:000000000000:stream/sluice-orders")).ToList();
            return JsonSerializer.SerializeToUtf8Bytes(new KinesisEvent(records), EventsJsonContext.Default.KinesisEvent);
        case "Processor":
            var messages = Enumerable.Range(0, 100).Select(i => new SqsMessage($"m{i}", $"h{i}", Order(i), new Dictionary<string, string> { ["ApproximateReceiveCount"] = "1" }, new Dictionary<string, SqsMessageAttribute>(), "md5", "aws:sqs", "arn:aws:sqs:us-east-1:000000000000:q", "us-east-1")).ToList();
            return JsonSerializer.SerializeToUtf8Bytes(new SqsEvent(messages), EventsJsonContext.Default.SqsEvent);
        default:
            return """{"action":"record-outcome","orderId":"ord-1","customerId":"c-1","outcome":"confirmed","causationId":"evt-1","total":44.48,"currency":"EUR","authorizationId":"auth-ord-1"}"""u8.ToArray();
    }
}

static AwsAnswer AnswerAws(RecordedAwsRequest request)
{
    if (request.Target == "AWSStepFunctions.StartExecution")
    {
        return new AwsAnswer(200, "application/x-amz-json-1.0", """{"executionArn":"arn:aws:states:us-east-1:000000000000:execution:order-fulfilment:x","startDate":1764158400.5}""");
    }

    if (request.Target == "Kinesis_20131202.PutRecords")
    {
        return new AwsAnswer(200, "application/x-amz-json-1.1", """{"FailedRecordCount":0,"Records":[{"SequenceNumber":"49600000000000000000000000000000000000000000000000000007","ShardId":"shardId-000000000000"}]}""");
    }

    var form = System.Web.HttpUtility.ParseQueryString(request.Body);
    var members = new StringBuilder();
    for (var i = 1; form[$"PublishBatchRequestEntries.member.{i}.Id"] is { } id; i++)
    {
        members.Append(CultureInfo.InvariantCulture, $"<member><Id>{id}</Id><MessageId>m-{id}</MessageId></member>");
    }

    return new AwsAnswer(200, "text/xml", $"<PublishBatchResponse><PublishBatchResult><Successful>{members}</Successful><Failed/></PublishBatchResult></PublishBatchResponse>");
}

static void Run(string file, params string[] arguments)
{
    var start = new ProcessStartInfo(file);
    foreach (var a in arguments)
    {
        start.ArgumentList.Add(a);
    }

    using var process = Process.Start(start)!;
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed");
    }
}
