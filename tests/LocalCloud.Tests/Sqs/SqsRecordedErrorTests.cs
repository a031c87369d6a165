using System.Text.Json;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Sqs;

/// <summary>
/// SQS errors as AWS answered them (TestData/aws-recorded/sqs): the JSON <c>__type</c>, the legacy
/// code (query protocol and <c>x-amzn-query-error</c>), the status and the message, in both protocols.
/// </summary>
public sealed class SqsRecordedErrorTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>, IDisposable
{
    private static readonly JsonElement s_snapshot = RecordedSnapshots.Load("sqs/test_sqs.snapshot.json");
    private readonly HttpClient _http = new() { BaseAddress = new Uri(cloud.Endpoint) };

    public void Dispose() => _http.Dispose();

    private delegate Task<SqsWire.Answer> Scenario(SqsWire sqs, Func<string> name, Dictionary<string, string> placeholders);

    private static Dictionary<string, object> P(params (string Key, object Value)[] items) => items.ToDictionary(i => i.Key, i => i.Value);

    private static async Task<string> Queue(SqsWire sqs, string name, Dictionary<string, string>? attributes = null)
    {
        var parameters = P(("QueueName", name));
        if (attributes is not null)
        {
            parameters["Attributes"] = attributes;
        }
        return SqsWire.Value(await sqs.CallAsync("CreateQueue", parameters), "QueueUrl");
    }

    private static readonly Dictionary<string, string> s_fifo = new() { ["FifoQueue"] = "true" };

    private static readonly Dictionary<string, Scenario> s_scenarios = new()
    {
        ["test_send_receive_max_number_of_messages|send_max_number_of_messages"] = async (sqs, name, _) =>
            await sqs.CallAsync("ReceiveMessage", P(("QueueUrl", await Queue(sqs, name())), ("MaxNumberOfMessages", 11))),
        ["test_send_oversized_message|send_oversized_message"] = async (sqs, name, _) =>
            await sqs.CallAsync("SendMessage", P(("QueueUrl", await Queue(sqs, name())), ("MessageBody", new string('a', 1048577)))),
        ["test_send_message_with_updated_maximum_message_size|send_oversized_message"] = async (sqs, name, _) =>
            await sqs.CallAsync("SendMessage", P(("QueueUrl", await Queue(sqs, name(), new() { ["MaximumMessageSize"] = "1024" })), ("MessageBody", new string('a', 1025)))),
        ["test_send_message_batch_with_oversized_contents|send_oversized_message_batch"] = async (sqs, name, _) =>
            await sqs.CallAsync("SendMessageBatch", P(("QueueUrl", await Queue(sqs, name())), ("Entries", new List<Dictionary<string, object>>
            {
                P(("Id", "1"), ("MessageBody", new string('a', 524288))), P(("Id", "2"), ("MessageBody", new string('a', 524289))),
            }))),
        ["test_create_queue_with_different_attributes_raises_exception|create_queue_01"] = async (sqs, name, _) =>
        {
            var n = name();
            await Queue(sqs, n, new() { ["DelaySeconds"] = "1" });
            return await sqs.CallAsync("CreateQueue", P(("QueueName", n), ("Attributes", new Dictionary<string, string> { ["DelaySeconds"] = "2" })));
        },
        ["test_create_fifo_queue_with_different_attributes_raises_error|queue-already-exists"] = async (sqs, name, _) =>
        {
            var n = name() + ".fifo";
            await Queue(sqs, n, new() { ["FifoQueue"] = "true", ["ContentBasedDeduplication"] = "true" });
            return await sqs.CallAsync("CreateQueue", P(("QueueName", n), ("Attributes", new Dictionary<string, string> { ["FifoQueue"] = "true", ["ContentBasedDeduplication"] = "false" })));
        },
        ["test_fifo_queue_send_message_with_delay_seconds_fails|send_message"] = async (sqs, name, _) =>
            await sqs.CallAsync("SendMessage", P(("QueueUrl", await Queue(sqs, name() + ".fifo", s_fifo)), ("MessageBody", "x"), ("MessageGroupId", "g"), ("MessageDeduplicationId", "d"), ("DelaySeconds", 2))),
        ["test_too_many_entries_in_batch_request|test_too_many_entries_in_batch_request"] = async (sqs, name, _) =>
            await sqs.CallAsync("SendMessageBatch", P(("QueueUrl", await Queue(sqs, name())), ("Entries", Enumerable.Range(0, 20).Select(i => P(("Id", "e" + i), ("MessageBody", "x"))).ToList()))),
        ["test_delete_message_batch_invalid_msg_id[sqs-invalid:id]|error_response"] = async (sqs, name, _) =>
            await sqs.CallAsync("DeleteMessageBatch", P(("QueueUrl", await Queue(sqs, name())), ("Entries", new List<Dictionary<string, object>> { P(("Id", "invalid:id"), ("ReceiptHandle", "r")) }))),
        ["test_delete_message_batch_with_too_large_batch|error_response"] = async (sqs, name, _) =>
            await sqs.CallAsync("DeleteMessageBatch", P(("QueueUrl", await Queue(sqs, name())), ("Entries", Enumerable.Range(0, 20).Select(i => P(("Id", "e" + i), ("ReceiptHandle", "r"))).ToList()))),
        ["test_change_message_visibility_batch_with_too_large_batch|error_response"] = async (sqs, name, _) =>
            await sqs.CallAsync("ChangeMessageVisibilityBatch", P(("QueueUrl", await Queue(sqs, name())), ("Entries", Enumerable.Range(0, 20).Select(i => P(("Id", "e" + i), ("ReceiptHandle", "r"), ("VisibilityTimeout", 1))).ToList()))),
        ["test_send_batch_missing_deduplication_id_for_fifo_queue|test_missing_deduplication_id_for_fifo_queue"] = async (sqs, name, _) =>
            await sqs.CallAsync("SendMessageBatch", P(("QueueUrl", await Queue(sqs, name() + ".fifo", s_fifo)), ("Entries", new List<Dictionary<string, object>> { P(("Id", "1"), ("MessageBody", "x"), ("MessageGroupId", "g")) }))),
        ["test_send_batch_missing_message_group_id_for_fifo_queue|test_missing_message_group_id_for_fifo_queue"] = async (sqs, name, _) =>
            await sqs.CallAsync("SendMessageBatch", P(("QueueUrl", await Queue(sqs, name() + ".fifo", s_fifo)), ("Entries", new List<Dictionary<string, object>> { P(("Id", "1"), ("MessageBody", "x"), ("MessageDeduplicationId", "d")) }))),
        ["test_send_message_with_empty_string_attribute|empty-string-attr"] = async (sqs, name, _) =>
            await sqs.CallAsync("SendMessage", P(("QueueUrl", await Queue(sqs, name())), ("MessageBody", "x"), ("MessageAttributes", new Dictionary<string, (string, string)> { ["ErrorDetails"] = ("String", "") }))),
        ["test_set_unsupported_attribute_fifo|invalid-attr-name-2"] = async (sqs, name, _) =>
            await sqs.CallAsync("SetQueueAttributes", P(("QueueUrl", await Queue(sqs, name() + ".fifo", s_fifo)), ("Attributes", new Dictionary<string, string> { ["FifoQueue"] = "true" }))),
        ["test_set_unsupported_attribute_standard|invalid-attr-name-1"] = async (sqs, name, _) =>
            await sqs.CallAsync("SetQueueAttributes", P(("QueueUrl", await Queue(sqs, name())), ("Attributes", new Dictionary<string, string> { ["FifoQueue"] = "true" }))),
        ["test_posting_to_fifo_requires_deduplicationid_group_id|invalid-parameter-value"] = async (sqs, name, _) =>
            await sqs.CallAsync("SendMessage", P(("QueueUrl", await Queue(sqs, name() + ".fifo", s_fifo)), ("MessageBody", "x"), ("MessageGroupId", "g"))),
        ["test_posting_to_fifo_requires_deduplicationid_group_id|missing-parameter"] = async (sqs, name, _) =>
            await sqs.CallAsync("SendMessage", P(("QueueUrl", await Queue(sqs, name() + ".fifo", s_fifo)), ("MessageBody", "x"), ("MessageDeduplicationId", "d"))),
        ["test_successive_purge_calls_fail|purge_queue_error"] = async (sqs, name, placeholders) =>
        {
            var n = name();
            placeholders["<queue-name>"] = n;
            var url = await Queue(sqs, n);
            await sqs.CallAsync("PurgeQueue", P(("QueueUrl", url)));
            return await sqs.CallAsync("PurgeQueue", P(("QueueUrl", url)));
        },
        ["test_create_standard_queue_with_fifo_attribute_raises_error|invalid-attribute-fifo-queue"] = async (sqs, name, _) =>
            await sqs.CallAsync("CreateQueue", P(("QueueName", name()), ("Attributes", new Dictionary<string, string> { ["FifoQueue"] = "false" }))),
        ["test_create_standard_queue_with_fifo_attribute_raises_error|invalid-attribute-content-based-deduplication"] = async (sqs, name, _) =>
            await sqs.CallAsync("CreateQueue", P(("QueueName", name()), ("Attributes", new Dictionary<string, string> { ["ContentBasedDeduplication"] = "true" }))),
        ["test_create_standard_queue_with_fifo_attribute_raises_error|invalid-attribute-deduplication-scope"] = async (sqs, name, _) =>
            await sqs.CallAsync("CreateQueue", P(("QueueName", name()), ("Attributes", new Dictionary<string, string> { ["DeduplicationScope"] = "queue" }))),
        ["test_create_standard_queue_with_fifo_attribute_raises_error|invalid-attribute-throughput-limit"] = async (sqs, name, _) =>
            await sqs.CallAsync("CreateQueue", P(("QueueName", name()), ("Attributes", new Dictionary<string, string> { ["FifoThroughputLimit"] = "perQueue" }))),
        ["test_send_receive_wait_time_seconds|recieve_message_error_too_large"] = async (sqs, name, _) =>
            await sqs.CallAsync("ReceiveMessage", P(("QueueUrl", await Queue(sqs, name())), ("WaitTimeSeconds", 21))),
        ["test_send_receive_wait_time_seconds|recieve_message_error_too_small"] = async (sqs, name, _) =>
            await sqs.CallAsync("ReceiveMessage", P(("QueueUrl", await Queue(sqs, name())), ("WaitTimeSeconds", -1))),
        ["test_send_empty_message|send_empty_message"] = async (sqs, name, _) =>
            await sqs.CallAsync("SendMessage", P(("QueueUrl", await Queue(sqs, name())), ("MessageBody", ""))),
        ["test_fifo_delete_after_visibility_timeout|delete_after_timeout_fifo"] = async (sqs, name, placeholders) =>
        {
            var url = await Queue(sqs, name() + ".fifo", s_fifo);
            await sqs.CallAsync("SendMessage", P(("QueueUrl", url), ("MessageBody", "x"), ("MessageGroupId", "g"), ("MessageDeduplicationId", "d")));
            var handle = SqsWire.FirstReceiptHandle(await sqs.CallAsync("ReceiveMessage", P(("QueueUrl", url), ("VisibilityTimeout", 0))));
            placeholders["<receipt-handle:1>"] = handle;
            return await sqs.CallAsync("DeleteMessage", P(("QueueUrl", url), ("ReceiptHandle", handle)));
        },
    };

    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var key in s_scenarios.Keys)
        {
            data.Add(key, false);
            data.Add(key, true);
        }
        return data;
    }

    private static JsonElement Recorded(string key, bool query)
    {
        var (test, entry) = (key.Split('|')[0], key.Split('|')[1]);
        var suffix = test.Contains('[', StringComparison.Ordinal)
            ? (query ? test.Replace("[sqs-", "[sqs_query-", StringComparison.Ordinal) : test)
            : test + (query ? "[sqs_query]" : "[sqs]");
        return RecordedSnapshots.Test(s_snapshot, suffix).GetProperty(entry);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task RecordedError_SameCallHere_GetsTheSameAnswer(string scenario, bool query)
    {
        var recorded = Recorded(scenario, query);
        var placeholders = new Dictionary<string, string>();
        var counter = 0;
        string Name() => $"rec{(query ? "q" : "j")}{Math.Abs(scenario.GetHashCode(StringComparison.Ordinal)) % 100000}x{counter++}";

        var answer = await s_scenarios[scenario](new SqsWire(_http, query), Name, placeholders);

        var error = recorded.GetProperty("Error");
        var expectedMessage = placeholders.Aggregate(error.GetProperty("Message").GetString()!, (m, p) => m.Replace(p.Key, p.Value, StringComparison.Ordinal));
        Assert.Equal(recorded.GetProperty("ResponseMetadata").GetProperty("HTTPStatusCode").GetInt32(), answer.Status);
        Assert.Equal(error.GetProperty("Code").GetString(), answer.Code);
        Assert.Equal(expectedMessage, answer.Message);
        if (!query)
        {
            Assert.Equal(error.GetProperty("QueryErrorCode").GetString(), answer.JsonType);
        }
    }

    [Theory]
    [InlineData(false, "queue-does-not-exist")]
    [InlineData(true, "queue-does-not-exist-query")]
    public async Task NonExistentQueue_BothProtocols_AnswerAsRecorded(bool query, string entry)
    {
        var recorded = RecordedSnapshots.Test(s_snapshot, "test_non_existent_queue").GetProperty(entry).GetProperty("Error");

        var answer = await new SqsWire(_http, query).CallAsync("GetQueueUrl", P(("QueueName", "no-such-queue-here")));

        Assert.Equal(recorded.GetProperty("Code").GetString(), answer.Code);
        Assert.Equal(recorded.GetProperty("Message").GetString(), answer.Message);
    }
}
