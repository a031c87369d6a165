using System.Text.Json.Serialization;

namespace Sluice.Shared.Events;

/// <summary>The event an SQS event source mapping invokes a function with, with AWS's exact JSON names.</summary>
public sealed record SqsEvent([property: JsonPropertyName("Records")] IReadOnlyList<SqsMessage> Records);

public sealed record SqsMessage(
    [property: JsonPropertyName("messageId")] string MessageId,
    [property: JsonPropertyName("receiptHandle")] string ReceiptHandle,
    [property: JsonPropertyName("body")] string Body,
    [property: JsonPropertyName("attributes")] IReadOnlyDictionary<string, string> Attributes,
    [property: JsonPropertyName("messageAttributes")] IReadOnlyDictionary<string, SqsMessageAttribute> MessageAttributes,
    [property: JsonPropertyName("md5OfBody")] string Md5OfBody,
    [property: JsonPropertyName("eventSource")] string EventSource,
    [property: JsonPropertyName("eventSourceARN")] string EventSourceArn,
    [property: JsonPropertyName("awsRegion")] string AwsRegion,
    [property: JsonPropertyName("md5OfMessageAttributes")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    string? Md5OfMessageAttributes = null);

/// <summary>A message attribute as Lambda delivers it (camelCase, unlike the SQS API's PascalCase).</summary>
public sealed record SqsMessageAttribute(
    [property: JsonPropertyName("stringValue")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    string? StringValue,
    [property: JsonPropertyName("binaryValue")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    string? BinaryValue,
    [property: JsonPropertyName("stringListValues")] IReadOnlyList<string> StringListValues,
    [property: JsonPropertyName("binaryListValues")] IReadOnlyList<string> BinaryListValues,
    [property: JsonPropertyName("dataType")] string DataType);
