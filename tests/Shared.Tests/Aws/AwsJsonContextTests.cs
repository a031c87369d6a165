using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Sluice.Shared.Aws;
using Sluice.Shared.Aws.Sqs;

namespace Sluice.Shared.Tests.Aws;

/// <summary>Every type registered in the AWS JSON contexts survives wire JSON -> object -> wire JSON unchanged.</summary>
public sealed class AwsJsonContextTests
{
    public static TheoryData<string> Samples => new(s_wire.Keys.Order(StringComparer.Ordinal));

    private static readonly Dictionary<string, (string Json, Func<string, string> RoundTrip)> s_wire = new()
    {
        ["StartExecutionRequest"] = ("""{"stateMachineArn":"arn:sm","name":"n","input":"{}"}""", Trip(StepFunctionsJsonContext.Default.StartExecutionRequest)),
        ["StartExecutionResult"] = ("""{"executionArn":"arn:e","startDate":1764158400.123}""", Trip(StepFunctionsJsonContext.Default.StartExecutionResult)),
        ["DescribeExecutionRequest"] = ("""{"executionArn":"arn:e"}""", Trip(StepFunctionsReadJsonContext.Default.DescribeExecutionRequest)),
        ["DescribeExecutionResult"] = (
            """{"executionArn":"arn:e","stateMachineArn":"arn:sm","name":"n","status":"SUCCEEDED","startDate":1764158400.5,"stopDate":1764158401,"input":"{}","output":"1","traceHeader":"Root=1-a","redriveCount":0,"redriveStatus":"NOT_REDRIVABLE"}""",
            Trip(StepFunctionsReadJsonContext.Default.DescribeExecutionResult)),
        ["RedriveExecutionRequest"] = ("""{"executionArn":"arn:e","clientToken":"5fea7756-0ea4-451a-a703-a558b933e274"}""", Trip(StepFunctionsReadJsonContext.Default.RedriveExecutionRequest)),
        ["RedriveExecutionResult"] = ("""{"redriveDate":1764158400.5}""", Trip(StepFunctionsReadJsonContext.Default.RedriveExecutionResult)),
        ["ListExecutionsRequest"] = ("""{"stateMachineArn":"arn:sm","statusFilter":"FAILED","maxResults":10,"nextToken":"t"}""", Trip(StepFunctionsReadJsonContext.Default.ListExecutionsRequest)),
        ["ListExecutionsResult"] = (
            """{"executions":[{"executionArn":"arn:e","stateMachineArn":"arn:sm","name":"n","status":"ABORTED","startDate":1,"stopDate":2.5,"redriveCount":1}],"nextToken":"t"}""",
            Trip(StepFunctionsReadJsonContext.Default.ListExecutionsResult)),
        ["GetExecutionHistoryRequest"] = ("""{"executionArn":"arn:e","maxResults":5,"reverseOrder":false,"nextToken":"t","includeExecutionData":true}""", Trip(StepFunctionsReadJsonContext.Default.GetExecutionHistoryRequest)),
        ["GetExecutionHistoryResult"] = (
            """{"events":[{"timestamp":1.5,"type":"TaskScheduled","id":5,"previousEventId":4,"taskScheduledEventDetails":{"resource":"invoke","resourceType":"lambda","region":"eu-west-1","parameters":"{}","timeoutInSeconds":60}},{"timestamp":2,"type":"WaitStateAborted","id":6,"previousEventId":5,"waitStateAbortedEventDetails":{"x":[1,2]}}],"nextToken":"t"}""",
            Trip(StepFunctionsReadJsonContext.Default.GetExecutionHistoryResult)),
        ["PutRecordsRequest"] = ("""{"StreamName":"s","Records":[{"Data":"AQI=","PartitionKey":"k","ExplicitHashKey":"1"}]}""", Trip(KinesisJsonContext.Default.PutRecordsRequest)),
        ["PutRecordsResult"] = (
            """{"FailedRecordCount":1,"Records":[{"SequenceNumber":"1","ShardId":"shardId-0"},{"ErrorCode":"InternalFailure","ErrorMessage":"m"}],"EncryptionType":"KMS"}""",
            Trip(KinesisJsonContext.Default.PutRecordsResult)),
        ["ListShardsRequest"] = ("""{"StreamARN":"arn:s","MaxResults":3}""", Trip(KinesisReadJsonContext.Default.ListShardsRequest)),
        ["ListShardsResult"] = (
            """{"Shards":[{"ShardId":"shardId-1","ParentShardId":"shardId-0","HashKeyRange":{"StartingHashKey":"0","EndingHashKey":"9"},"SequenceNumberRange":{"StartingSequenceNumber":"1","EndingSequenceNumber":"2"}}],"NextToken":"t"}""",
            Trip(KinesisReadJsonContext.Default.ListShardsResult)),
        ["GetShardIteratorRequest"] = ("""{"StreamName":"s","ShardId":"shardId-0","ShardIteratorType":"AT_SEQUENCE_NUMBER","StartingSequenceNumber":"42"}""", Trip(KinesisReadJsonContext.Default.GetShardIteratorRequest)),
        ["GetShardIteratorResult"] = ("""{"ShardIterator":"it"}""", Trip(KinesisReadJsonContext.Default.GetShardIteratorResult)),
        ["GetRecordsRequest"] = ("""{"ShardIterator":"it","Limit":10,"StreamARN":"arn:s"}""", Trip(KinesisReadJsonContext.Default.GetRecordsRequest)),
        ["GetRecordsResult"] = (
            """{"Records":[{"SequenceNumber":"1","ApproximateArrivalTimestamp":1764158400.001,"Data":"aGk=","PartitionKey":"k"}],"NextShardIterator":"n","MillisBehindLatest":0,"ChildShards":[{"ShardId":"shardId-2","ParentShards":["shardId-1"],"HashKeyRange":{"StartingHashKey":"0","EndingHashKey":"9"}}]}""",
            Trip(KinesisReadJsonContext.Default.GetRecordsResult)),
        ["DescribeStreamSummaryRequest"] = ("""{"StreamName":"s"}""", Trip(KinesisReadJsonContext.Default.DescribeStreamSummaryRequest)),
        ["DescribeStreamSummaryResult"] = (
            """{"StreamDescriptionSummary":{"StreamName":"s","StreamARN":"arn:s","StreamStatus":"ACTIVE","RetentionPeriodHours":168,"StreamCreationTimestamp":1764158400.5,"OpenShardCount":2}}""",
            Trip(KinesisReadJsonContext.Default.DescribeStreamSummaryResult)),
        ["ListStateMachinesRequest"] = ("""{"maxResults":100,"nextToken":"t"}""", Trip(StepFunctionsReadJsonContext.Default.ListStateMachinesRequest)),
        ["ListStateMachinesResult"] = (
            """{"stateMachines":[{"stateMachineArn":"arn:sm","name":"order-fulfilment","type":"STANDARD","creationDate":1764158400.25}],"nextToken":"t"}""",
            Trip(StepFunctionsReadJsonContext.Default.ListStateMachinesResult)),
        ["GetQueueUrlRequest"] = ("""{"QueueName":"q","QueueOwnerAWSAccountId":"123456789012"}""", Trip(SqsJsonContext.Default.GetQueueUrlRequest)),
        ["GetQueueUrlResult"] = ("""{"QueueUrl":"https://sqs.eu-west-1.amazonaws.com/123456789012/q"}""", Trip(SqsJsonContext.Default.GetQueueUrlResult)),
        ["GetQueueAttributesRequest"] = ("""{"QueueUrl":"u","AttributeNames":["All"]}""", Trip(SqsJsonContext.Default.GetQueueAttributesRequest)),
        ["GetQueueAttributesResult"] = ("""{"Attributes":{"ApproximateNumberOfMessages":"3","QueueArn":"arn:q"}}""", Trip(SqsJsonContext.Default.GetQueueAttributesResult)),
        ["ReceiveMessageRequest"] = (
            """{"QueueUrl":"u","MaxNumberOfMessages":10,"VisibilityTimeout":30,"WaitTimeSeconds":20,"MessageAttributeNames":["All"],"MessageSystemAttributeNames":["ApproximateReceiveCount"]}""",
            Trip(SqsJsonContext.Default.ReceiveMessageRequest)),
        ["ReceiveMessageResult"] = (
            """{"Messages":[{"MessageId":"m","ReceiptHandle":"h","Body":"b","MD5OfBody":"92eb5ffee6ae2fec3ad71c777531578f","Attributes":{"ApproximateReceiveCount":"1"},"MessageAttributes":{"type":{"DataType":"String","StringValue":"x"},"raw":{"DataType":"Binary","BinaryValue":"AQI="}},"MD5OfMessageAttributes":"d"}]}""",
            Trip(SqsJsonContext.Default.ReceiveMessageResult)),
        ["DeleteMessageRequest"] = ("""{"QueueUrl":"u","ReceiptHandle":"h"}""", Trip(SqsJsonContext.Default.DeleteMessageRequest)),
        ["DeleteMessageBatchRequest"] = ("""{"QueueUrl":"u","Entries":[{"Id":"1","ReceiptHandle":"h"}]}""", Trip(SqsJsonContext.Default.DeleteMessageBatchRequest)),
        ["DeleteMessageBatchResultJson"] = (
            """{"Successful":[{"Id":"1"}],"Failed":[{"Id":"2","Code":"ReceiptHandleIsInvalid","Message":"m","SenderFault":true}]}""",
            Trip(SqsJsonContext.Default.DeleteMessageBatchResultJson)),
        ["ChangeMessageVisibilityRequest"] = ("""{"QueueUrl":"u","ReceiptHandle":"h","VisibilityTimeout":0}""", Trip(SqsJsonContext.Default.ChangeMessageVisibilityRequest)),
        ["SendMessageRequest"] = ("""{"QueueUrl":"u","MessageBody":"b","MessageAttributes":{"type":{"DataType":"String","StringValue":"t"}}}""", Trip(SqsJsonContext.Default.SendMessageRequest)),
        ["SendMessageResult"] = ("""{"MessageId":"5fea7756-0ea4-451a-a703-a558b933e274"}""", Trip(SqsJsonContext.Default.SendMessageResult)),
    };

    [Fact]
    public void Samples_CoverEveryRegisteredType()
    {
        var registered = new[]
            {
                typeof(StepFunctionsJsonContext), typeof(StepFunctionsReadJsonContext), typeof(KinesisJsonContext), typeof(KinesisReadJsonContext), typeof(SqsJsonContext),
            }
            .Sum(context => context.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonSerializableAttribute), false).Length);

        Assert.Equal(registered, s_wire.Count);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void RoundTrip_WireJson_IsUnchanged(string type)
    {
        var (json, roundTrip) = s_wire[type];

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(roundTrip(json))), $"{type}: {roundTrip(json)}");
    }

    private static Func<string, string> Trip<T>(JsonTypeInfo<T> info) =>
        json => JsonSerializer.Serialize(JsonSerializer.Deserialize(json, info)!, info);
}
