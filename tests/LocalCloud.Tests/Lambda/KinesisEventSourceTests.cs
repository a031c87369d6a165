using System.Text;
using System.Text.Json;
using Sluice.LocalCloud.Kinesis;
using Sluice.LocalCloud.Lambda;
using Sluice.LocalCloud.Lambda.EventSources;
using Sluice.LocalCloud.Lambda.Runtime;
using Sluice.LocalCloud.Sqs;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Lambda;

/// <summary>Kinesis event source mappings feeding the real Flaky bootstrap, setting by setting.</summary>
public sealed class KinesisEventSourceTests(LambdaRig rig) : IClassFixture<LambdaRig>
{
    private static readonly JsonElement s_recorded = RecordedSnapshots.Load("lambda_/event_source_mapping/test_lambda_integration_kinesis.snapshot.json");

    [Fact]
    public async Task Mapping_DefaultSettings_DeliversTheEventAwsRecorded()
    {
        var function = await rig.CreateFlakyAsync();
        var stream = CreateStream();
        Put(stream, ("test_0", "{\"record_id\": 0}"), ("test_0", "{\"record_id\": 1}"));
        Map(function, stream, batchSize: 10);

        await Poll.UntilAsync(() => function.Records().Count >= 1, () => string.Join("|", LambdaRig.FlakyLines(function)));

        var recorded = RecordedSnapshots.Test(s_recorded, "test_kinesis_event_source_trim_horizon").GetProperty("invocation_events")[0].GetProperty("event");
        var records = rig.Kinesis.GetRecords(rig.Kinesis.GetShardIterator(stream, "shardId-000000000000", "TRIM_HORIZON", null, null), null).Records;
        var produced = EventPayloads.Kinesis(records, "shardId-000000000000", stream.Arn, "us-east-1", function.Definition.RoleArn);
        using var document = JsonDocument.Parse(produced);
        RecordedShape.AssertMatches(recorded, document.RootElement);
        Assert.Equal("eyJyZWNvcmRfaWQiOiAwfQ==", document.RootElement.GetProperty("Records")[0].GetProperty("kinesis").GetProperty("data").GetString());
        Assert.Equal(["batch 2", "test_0 {\"record_id\": 0}", "test_0 {\"record_id\": 1}"], LambdaRig.FlakyLines(function));
    }

    [Fact]
    public async Task MappingResumedAfterItsCheckpoint_ProcessesOnlyRecordsPutSince_EachOnce()
    {
        var function = await rig.CreateFlakyAsync();
        var stream = CreateStream();
        Put(stream, ("k", "a|ok"), ("k", "b|ok"));
        var first = Map(function, stream, batchSize: 10);
        await CaughtUpAsync(first, function);
        var checkpoint = first.Checkpoint("shardId-000000000000")!;
        await rig.Lambda.DeleteEventSourceMappingAsync(first.Definition.Uuid);
        Put(stream, ("k", "c|ok"), ("k", "d|ok"));

        rig.Lambda.CreateEventSourceMapping(first.Definition with { Uuid = Guid.NewGuid().ToString() }, new Dictionary<string, string> { ["shardId-000000000000"] = checkpoint });
        var resumed = (KinesisEventSource)rig.Lambda.Mappings().Single(m => m.Function == function);
        await CaughtUpAsync(resumed, function);

        Assert.Equal(["batch 2", "k a|ok", "k b|ok", "batch 2", "k c|ok", "k d|ok"], LambdaRig.FlakyLines(function));
        Assert.Equal(rig.Kinesis.GetRecords(rig.Kinesis.GetShardIterator(stream, "shardId-000000000000", "TRIM_HORIZON", null, null), null).Records[^1].SequenceNumber,
            resumed.Checkpoint("shardId-000000000000"));
    }

    [Fact]
    public async Task ReportBatchItemFailures_ResumesFromTheLowestReportedSequenceNumber()
    {
        var function = await rig.CreateFlakyAsync();
        var stream = CreateStream();
        Put(stream, ("k", "a|ok"), ("k", "b|fail-once"), ("k", "c|fail-once"), ("k", "d|ok"));
        var mapping = Map(function, stream, batchSize: 10, reportItemFailures: true);

        await CaughtUpAsync(mapping, function);

        Assert.Equal(["batch 4", "k a|ok", "k b|fail-once", "k c|fail-once", "k d|ok", "batch 3", "k b|fail-once", "k c|fail-once", "k d|ok"], LambdaRig.FlakyLines(function));
    }

    [Fact]
    public async Task ReportBatchItemFailures_UnknownIdentifier_FailsTheWholeBatchToTheDestination()
    {
        var function = await rig.CreateFlakyAsync();
        var stream = CreateStream();
        var (queueUrl, queueArn) = CreateQueue();
        Put(stream, ("k", "a|ok"), ("k", "b|bad-id"));
        Map(function, stream, batchSize: 10, reportItemFailures: true, maxRetries: 1, destination: queueArn);

        var body = await ReceiveOneAsync(queueUrl);

        Assert.Equal("RetryAttemptsExhausted", body.GetProperty("requestContext").GetProperty("condition").GetString());
        Assert.Equal(2, body.GetProperty("requestContext").GetProperty("approximateInvokeCount").GetInt32());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("responseContext").GetProperty("functionError").ValueKind);
        Assert.Equal(2, body.GetProperty("KinesisBatchInfo").GetProperty("batchSize").GetInt32());
        var recorded = RecordedSnapshots.Test(s_recorded, "test_kinesis_report_batch_item_failure_scenarios[item_identifier_not_present_failure]")
            .GetProperty("sqs_payload").GetProperty("Messages")[0].GetProperty("Body");
        RecordedShape.AssertMatches(recorded, body);
    }

    [Fact]
    public async Task MaximumRetryAttempts_Exhausted_SendsAwsFailureRecordToTheQueue()
    {
        var function = await rig.CreateFlakyAsync();
        var stream = CreateStream();
        var (queueUrl, queueArn) = CreateQueue();
        Put(stream, ("k", "x|throw"));
        Map(function, stream, batchSize: 1, maxRetries: 1, destination: queueArn);

        var body = await ReceiveOneAsync(queueUrl);

        var recorded = RecordedSnapshots.Test(s_recorded, "test_kinesis_event_source_mapping_with_on_failure_destination_config")
            .GetProperty("sqs_payload").GetProperty("Messages")[0].GetProperty("Body");
        RecordedShape.AssertMatches(recorded, body);
        Assert.Equal(2, body.GetProperty("requestContext").GetProperty("approximateInvokeCount").GetInt32());
        Assert.Equal("Unhandled", body.GetProperty("responseContext").GetProperty("functionError").GetString());
        Assert.Equal(2, function.Records().Count);
    }

    [Fact]
    public async Task OnFailureDestination_Topic_PublishesTheFailureRecordAsTheMessage()
    {
        var function = await rig.CreateFlakyAsync();
        var stream = CreateStream();
        var topicArn = rig.Host.Sns.CreateTopic("failures-" + Guid.NewGuid().ToString("N")[..8], null, null);
        var (queueUrl, queueArn) = CreateQueue();
        rig.Host.Sns.Subscribe(topicArn, "sqs", queueArn, new Dictionary<string, string> { ["RawMessageDelivery"] = "true" });
        Put(stream, ("k", "x|throw"));
        Map(function, stream, batchSize: 1, maxRetries: 1, destination: topicArn);

        var message = await ReceiveOneAsync(queueUrl);

        var recorded = RecordedSnapshots.Test(s_recorded, "test_kinesis_event_source_mapping_with_sns_on_failure_destination_config")
            .GetProperty("failure_sns_message").GetProperty("Message");
        RecordedShape.AssertMatches(recorded, message);
    }

    [Fact]
    public async Task BisectBatchOnFunctionError_IsolatesTheFailingRecord()
    {
        var function = await rig.CreateFlakyAsync();
        var stream = CreateStream();
        var (queueUrl, queueArn) = CreateQueue();
        Put(stream, ("k", "1|ok"), ("k", "2|ok"), ("k", "3|throw"), ("k", "4|ok"));
        Map(function, stream, batchSize: 10, maxRetries: 0, bisect: true, destination: queueArn);

        var body = await ReceiveOneAsync(queueUrl);
        await Poll.UntilAsync(() => LambdaRig.FlakyLines(function).Contains("k 4|ok") && LambdaRig.FlakyLines(function).Count(l => l == "k 4|ok") >= 3, () => string.Join("|", LambdaRig.FlakyLines(function)));

        var info = body.GetProperty("KinesisBatchInfo");
        Assert.Equal(1, info.GetProperty("batchSize").GetInt32());
        var third = rig.Kinesis.GetRecords(rig.Kinesis.GetShardIterator(stream, "shardId-000000000000", "TRIM_HORIZON", null, null), null).Records[2];
        Assert.Equal(third.SequenceNumber, info.GetProperty("startSequenceNumber").GetString());
        Assert.Equal(third.SequenceNumber, info.GetProperty("endSequenceNumber").GetString());
        // [1 2 3 4] fails, [1 2] succeeds, [3 4] fails, [3] fails and is given up, [4] succeeds.
        Assert.Equal(["batch 4", "batch 2", "batch 2", "batch 1", "batch 1"], LambdaRig.FlakyLines(function).Where(l => l.StartsWith("batch", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task BatchSize_SplitsARunOfRecordsIntoBatches()
    {
        var function = await rig.CreateFlakyAsync();
        var stream = CreateStream();
        Put(stream, ("k", "1"), ("k", "2"), ("k", "3"), ("k", "4"), ("k", "5"));
        Map(function, stream, batchSize: 2);

        await Poll.UntilAsync(() => function.Records().Count >= 3, () => string.Join("|", LambdaRig.FlakyLines(function)));

        Assert.Equal(["batch 2", "k 1", "k 2", "batch 2", "k 3", "k 4", "batch 1", "k 5"], LambdaRig.FlakyLines(function));
    }

    [Fact]
    public async Task MaximumBatchingWindow_GathersRecordsPutApartIntoOneBatch()
    {
        var function = await rig.CreateFlakyAsync();
        var stream = CreateStream();
        var mapping = Map(function, stream, batchSize: 10, window: 2, startingPosition: "LATEST");
        for (var i = 1; i <= 3; i++)
        {
            Put(stream, ("k", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            // Each record read on its own before the next is put, so only the window can gather them.
            await mapping.ReadUpToNowAsync().WaitAsync(LambdaRig.Wait);
        }

        await CaughtUpAsync(mapping, function);

        Assert.Equal(["batch 3", "k 1", "k 2", "k 3"], LambdaRig.FlakyLines(function));
    }

    [Fact]
    public async Task StartingPositionLatest_SkipsRecordsPutBeforeTheMapping()
    {
        var function = await rig.CreateFlakyAsync();
        var stream = CreateStream();
        Put(stream, ("k", "before"));
        var mapping = Map(function, stream, batchSize: 10, startingPosition: "LATEST");
        Put(stream, ("k", "after"));

        await CaughtUpAsync(mapping, function);

        Assert.Equal(["batch 1", "k after"], LambdaRig.FlakyLines(function));
    }

    [Fact]
    public async Task StartingPositionAtTimestamp_StartsAtTheFirstRecordFromThatTime()
    {
        var function = await rig.CreateFlakyAsync();
        var stream = CreateStream();
        Put(stream, ("k", "before"));
        var from = rig.Kinesis.GetRecords(rig.Kinesis.GetShardIterator(stream, "shardId-000000000000", "TRIM_HORIZON", null, null), null).Records[0].ArrivalTime.AddMilliseconds(1);
        await Poll.UntilAsync(() => rig.Clock.GetUtcNow() >= from, () => $"the clock to pass {from:O}");
        Put(stream, ("k", "after"));
        var mapping = Map(function, stream, batchSize: 10, startingPosition: "AT_TIMESTAMP", at: from);

        await CaughtUpAsync(mapping, function);

        Assert.Equal(["batch 1", "k after"], LambdaRig.FlakyLines(function));
    }

    [Fact]
    public async Task ParallelizationFactor_ProcessesConcurrentlyAndKeepsOrderPerPartitionKey()
    {
        var function = await rig.CreateFlakyAsync(reserved: 4);
        var stream = CreateStream();
        var keys = Enumerable.Range(0, 8).Select(i => "key" + i).ToList();
        for (var n = 0; n < 10; n++)
        {
            Put(stream, keys.Select(k => (k, $"{n}|sleep:20")).ToArray());
        }
        var mapping = Map(function, stream, batchSize: 3, parallelization: 4);

        await Poll.UntilAsync(() => LambdaRig.FlakyLines(function).Count(l => !l.StartsWith("batch", StringComparison.Ordinal)) >= 80, () => LambdaRig.FlakyLines(function).Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await CaughtUpAsync(mapping, function);

        var lines = LambdaRig.FlakyLines(function).Where(l => !l.StartsWith("batch", StringComparison.Ordinal)).ToList();
        foreach (var key in keys)
        {
            var sequence = lines.Where(l => l.StartsWith(key + " ", StringComparison.Ordinal)).Select(l => int.Parse(l.Split(' ')[1].Split('|')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(Enumerable.Range(0, 10), sequence);
        }
        Assert.True(function.Records().Select(r => r.EnvironmentId).Distinct().Count() > 1, "batches of one shard ran in more than one environment at once");
        var all = rig.Kinesis.GetRecords(rig.Kinesis.GetShardIterator(stream, "shardId-000000000000", "TRIM_HORIZON", null, null), null).Records;
        Assert.Equal(all[^1].SequenceNumber, mapping.Checkpoint("shardId-000000000000"));
    }

    [Fact]
    public async Task Mapping_SeveralShards_KeepsEachShardsOrderAndSkipsDisabledMappings()
    {
        var function = await rig.CreateFlakyAsync(reserved: 4);
        var idle = await rig.CreateFlakyAsync();
        var stream = CreateStream(shards: 3);
        var keys = Enumerable.Range(0, 12).Select(i => "pk" + i).ToList();
        for (var n = 0; n < 5; n++)
        {
            Put(stream, keys.Select(k => (k, $"{n}")).ToArray());
        }
        var mapping = Map(function, stream, batchSize: 4);
        rig.Lambda.CreateEventSourceMapping(new EventSourceMappingDefinition(
            Guid.NewGuid().ToString(), idle.Definition.FunctionName, stream.Arn, false, 10, null, "TRIM_HORIZON", null, null, null, null, null, [], null, null));

        await CaughtUpAsync(mapping, function);

        foreach (var key in keys)
        {
            Assert.Equal(["0", "1", "2", "3", "4"], LambdaRig.FlakyLines(function).Where(l => l.StartsWith(key + " ", StringComparison.Ordinal)).Select(l => l.Split(' ')[1]));
        }
        Assert.Empty(idle.Records());
        Assert.Equal(3, stream.Shards.Count(s => rig.Kinesis.GetRecords(rig.Kinesis.GetShardIterator(stream, s.ShardId, "TRIM_HORIZON", null, null), null).Records.Count > 0));
    }

    [Fact]
    public async Task Resharded_BeforeTheMapping_ReadsTheParentToItsEndThenTheChildren_KeyOrderKept()
    {
        var function = await rig.CreateFlakyAsync();
        var stream = CreateStream();
        Put(stream, ("k", "a|fail-once"), ("k", "b|ok"));
        rig.Kinesis.UpdateShardCount(stream, 2, "UNIFORM_SCALING");
        Put(stream, ("k", "c|ok"), ("k", "d|ok"));
        var mapping = Map(function, stream, batchSize: 10, reportItemFailures: true);

        await CaughtUpAsync(mapping, function);

        // The parent's batch is retried from its failed record before the child is read at all.
        var child = stream.ShardFor(KinesisService.HashKey("k", null)).ShardId;
        Assert.Equal(["batch 2", "k a|fail-once", "k b|ok", "batch 2", "k a|fail-once", "k b|ok", "batch 2", "k c|ok", "k d|ok"], LambdaRig.FlakyLines(function));
        Assert.NotNull(mapping.Checkpoint("shardId-000000000000"));
        Assert.NotNull(mapping.Checkpoint(child));
    }

    [Fact]
    public async Task Resharded_WhileMapped_TheNewShardsAreReadFromTheirFirstRecord()
    {
        var function = await rig.CreateFlakyAsync();
        var stream = CreateStream();
        var mapping = Map(function, stream, batchSize: 10, startingPosition: "LATEST");
        Put(stream, ("k", "a|ok"));
        await CaughtUpAsync(mapping, function);

        rig.Kinesis.SplitShard(stream, "shardId-000000000000", (System.Numerics.BigInteger.One << 127).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Put(stream, ("k", "b|ok"), ("k", "c|ok"));
        await CaughtUpAsync(mapping, function);
        rig.Kinesis.MergeShards(stream, "shardId-000000000001", "shardId-000000000002");
        Put(stream, ("k", "d|ok"));
        await CaughtUpAsync(mapping, function);

        Assert.Equal(["batch 1", "k a|ok", "batch 2", "k b|ok", "k c|ok", "batch 1", "k d|ok"], LambdaRig.FlakyLines(function));
    }

    private KinesisStream CreateStream(int shards = 1)
    {
        var name = "s-" + Guid.NewGuid().ToString("N")[..8];
        rig.Kinesis.CreateStream(name, shards, "PROVISIONED");
        return rig.Kinesis.Stream(name, null);
    }

    private (string Url, string Arn) CreateQueue()
    {
        var name = "dest-" + Guid.NewGuid().ToString("N")[..8];
        var url = rig.Sqs.CreateQueue(name, null, null);
        return (url, $"arn:aws:sqs:us-east-1:000000000000:{name}");
    }

    private void Put(KinesisStream stream, params (string Key, string Text)[] records) =>
        Assert.All(rig.Kinesis.PutRecords(stream, records.Select(r => new KinesisPutEntry(Encoding.UTF8.GetBytes(r.Text), r.Key, null)).ToList()), r => Assert.Null(r.ErrorCode));

    private KinesisEventSource Map(LambdaFunction function, KinesisStream stream, int batchSize, bool reportItemFailures = false, int? maxRetries = null, string? destination = null,
        bool bisect = false, int? window = null, string startingPosition = "TRIM_HORIZON", int? parallelization = null, DateTimeOffset? at = null)
    {
        var uuid = Guid.NewGuid().ToString();
        rig.Lambda.CreateEventSourceMapping(new EventSourceMappingDefinition(
            uuid, function.Definition.FunctionName, stream.Arn, true, batchSize, window, startingPosition, at, parallelization,
            bisect, maxRetries, null, reportItemFailures ? ["ReportBatchItemFailures"] : [], destination, null));
        return (KinesisEventSource)rig.Lambda.Mapping(uuid);
    }

    /// <summary>Waits until the mapping has finished with every record put so far, so nothing more is invoked for them.</summary>
    private static async Task CaughtUpAsync(KinesisEventSource mapping, LambdaFunction function)
    {
        try
        {
            await mapping.CaughtUpAsync().WaitAsync(LambdaRig.Wait);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"the mapping did not catch up within {LambdaRig.Wait}: {string.Join("|", LambdaRig.FlakyLines(function))}");
        }
    }

    private async Task<JsonElement> ReceiveOneAsync(string queueUrl)
    {
        var messages = await rig.Sqs.ReceiveMessageAsync(queueUrl, new SqsReceiveRequest { MaxNumberOfMessages = 1, WaitTimeSeconds = 20 }, default).WaitAsync(LambdaRig.Wait);
        if (messages.Count == 0)
        {
            messages = await rig.Sqs.ReceiveMessageAsync(queueUrl, new SqsReceiveRequest { MaxNumberOfMessages = 1, WaitTimeSeconds = 20 }, default).WaitAsync(LambdaRig.Wait);
        }
        Assert.Single(messages);
        return JsonDocument.Parse(messages[0].Body).RootElement;
    }
}
