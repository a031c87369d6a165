using System.Text.Json.Serialization;

namespace Sluice.Shared.Events;

/// <summary>The event a Kinesis event source mapping invokes a function with, with AWS's exact JSON names.</summary>
public sealed record KinesisEvent([property: JsonPropertyName("Records")] IReadOnlyList<KinesisEventRecord> Records);

public sealed record KinesisEventRecord(
    [property: JsonPropertyName("kinesis")] KinesisRecordData Kinesis,
    [property: JsonPropertyName("eventSource")] string EventSource,
    [property: JsonPropertyName("eventVersion")] string EventVersion,
    [property: JsonPropertyName("eventID")] string EventId,
    [property: JsonPropertyName("eventName")] string EventName,
    [property: JsonPropertyName("invokeIdentityArn")] string? InvokeIdentityArn,
    [property: JsonPropertyName("awsRegion")] string AwsRegion,
    [property: JsonPropertyName("eventSourceARN")] string EventSourceArn);

/// <summary><c>data</c> is base64, as Lambda delivers it; <c>approximateArrivalTimestamp</c> is epoch seconds.</summary>
public sealed record KinesisRecordData(
    [property: JsonPropertyName("kinesisSchemaVersion")] string KinesisSchemaVersion,
    [property: JsonPropertyName("partitionKey")] string PartitionKey,
    [property: JsonPropertyName("sequenceNumber")] string SequenceNumber,
    [property: JsonPropertyName("data")] string Data,
    [property: JsonPropertyName("approximateArrivalTimestamp")] double ApproximateArrivalTimestamp,
    [property: JsonPropertyName("encryptionType")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    string? EncryptionType = null);
