using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Sqs;

/// <summary>SQS errors: the JSON protocol's <c>__type</c> name first, the query protocol's code second.</summary>
internal static class SqsErrors
{
    public static AwsServiceException QueueDoesNotExist() =>
        new("QueueDoesNotExist", "The specified queue does not exist.", queryCode: "AWS.SimpleQueueService.NonExistentQueue");

    public static AwsServiceException InvalidParameterValue(string message) =>
        new("InvalidParameterValueException", message, queryCode: "InvalidParameterValue");

    public static AwsServiceException InvalidValue(string name, string value, string reason) =>
        InvalidParameterValue($"Value {value} for parameter {name} is invalid. Reason: {reason}");

    public static AwsServiceException MissingParameter(string name) =>
        new("MissingRequiredParameterException", $"The request must contain the parameter {name}.", queryCode: "MissingParameter");

    public static AwsServiceException InvalidAttributeName(string message) =>
        new("InvalidAttributeName", message);

    public static AwsServiceException InvalidAttributeValue(string message) =>
        new("InvalidAttributeValue", message);

    public static AwsServiceException QueueNameExists(string attribute) =>
        new("QueueNameExists", $"A queue already exists with the same name and a different value for attribute {attribute}", queryCode: "QueueAlreadyExists");

    public static AwsServiceException ReceiptHandleIsInvalid(string handle) =>
        new("ReceiptHandleIsInvalid", $"The input receipt handle \"{handle}\" is not a valid receipt handle.");

    public static AwsServiceException MessageNotInflight() =>
        new("MessageNotInflight", "Message does not exist or is not available for visibility timeout change.", queryCode: "AWS.SimpleQueueService.MessageNotInflight");

    public static AwsServiceException PurgeQueueInProgress(string queueName) =>
        new("PurgeQueueInProgress", $"Only one PurgeQueue operation on {queueName} is allowed every 60 seconds.", 403, "AWS.SimpleQueueService.PurgeQueueInProgress");

    public static AwsServiceException EmptyBatchRequest(string entryName) =>
        new("EmptyBatchRequest", $"There should be at least one {entryName} in the request.", queryCode: "AWS.SimpleQueueService.EmptyBatchRequest");

    public static AwsServiceException TooManyEntriesInBatchRequest(int count) =>
        new("TooManyEntriesInBatchRequest", $"Maximum number of entries per request are 10. You have sent {count}.", queryCode: "AWS.SimpleQueueService.TooManyEntriesInBatchRequest");

    public static AwsServiceException BatchEntryIdsNotDistinct(string id) =>
        new("BatchEntryIdsNotDistinct", $"Id {id} repeated.", queryCode: "AWS.SimpleQueueService.BatchEntryIdsNotDistinct");

    public static AwsServiceException InvalidBatchEntryId() =>
        new("InvalidBatchEntryId", "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.", queryCode: "AWS.SimpleQueueService.InvalidBatchEntryId");

    public static AwsServiceException BatchRequestTooLong(int limit, int sent) =>
        new("BatchRequestTooLong", $"Batch requests cannot be longer than {limit} bytes. You have sent {sent} bytes.", queryCode: "AWS.SimpleQueueService.BatchRequestTooLong");

    public static AwsServiceException InvalidMessageContents(int codePoint) =>
        new("InvalidMessageContents", $"Invalid binary character '#x{codePoint:X}' was found in the message body, the set of allowed characters is #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF");
}
