using System.Text.Json.Serialization;

namespace Sluice.Shared.Aws.Sqs;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GetQueueUrlRequest))]
[JsonSerializable(typeof(GetQueueUrlResult))]
[JsonSerializable(typeof(GetQueueAttributesRequest))]
[JsonSerializable(typeof(GetQueueAttributesResult))]
[JsonSerializable(typeof(ReceiveMessageRequest))]
[JsonSerializable(typeof(ReceiveMessageResult))]
[JsonSerializable(typeof(DeleteMessageRequest))]
[JsonSerializable(typeof(DeleteMessageBatchRequest))]
[JsonSerializable(typeof(DeleteMessageBatchResultJson))]
[JsonSerializable(typeof(ChangeMessageVisibilityRequest))]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(SendMessageResult))]
internal sealed partial class SqsJsonContext : JsonSerializerContext;
