using System.Text.Json.Nodes;
using Sluice.LocalCloud.Sqs;

namespace Sluice.LocalCloud.StepFunctions;

internal sealed partial class MessagingIntegrations
{
    private JsonObject SqsSend(JsonObject parameters, bool awsSdk)
    {
        var queueUrl = IntegrationParameters.Required(parameters, "QueueUrl");
        var attributes = IntegrationParameters.Attributes(parameters, "MessageAttributes").ToList();
        var request = new SqsSendRequest(IntegrationParameters.Body(parameters, "MessageBody"))
        {
            DelaySeconds = IntegrationParameters.Int(parameters, "DelaySeconds"),
            MessageGroupId = IntegrationParameters.Text(parameters, "MessageGroupId"),
            DeduplicationId = IntegrationParameters.Text(parameters, "MessageDeduplicationId"),
            MessageAttributes = attributes.Count == 0 ? null
                : attributes.ToDictionary(a => a.Name, a => new SqsAttributeValue(a.DataType, a.StringValue, a.BinaryValue), StringComparer.Ordinal),
        };
        var result = services.Sqs.SendMessage(queueUrl, request);
        // The optimised integration answers with the Java SDK v1 names, aws-sdk with SDK v2's.
        var md5 = awsSdk ? "Md5Of" : "MD5Of";
        var output = new JsonObject { [md5 + "MessageBody"] = result.Md5OfBody, ["MessageId"] = result.MessageId };
        if (result.Md5OfMessageAttributes is not null)
        {
            output[md5 + "MessageAttributes"] = result.Md5OfMessageAttributes;
        }
        if (result.SequenceNumber is not null)
        {
            output["SequenceNumber"] = result.SequenceNumber;
        }
        return output;
    }

    private async Task<JsonObject> SqsSdkAsync(string action, JsonObject parameters, CancellationToken cancellationToken)
    {
        switch (action)
        {
            case "sendMessage":
                return SqsSend(parameters, awsSdk: true);
            case "receiveMessage":
                return await ReceiveAsync(parameters, cancellationToken).ConfigureAwait(false);
            case "deleteMessage":
                services.Sqs.DeleteMessage(IntegrationParameters.Required(parameters, "QueueUrl"), IntegrationParameters.Required(parameters, "ReceiptHandle"));
                return [];
            case "getQueueUrl":
                return new JsonObject { ["QueueUrl"] = services.Sqs.GetQueueUrl(IntegrationParameters.Required(parameters, "QueueName")) };
            case "getQueueAttributes":
                var names = (IntegrationParameters.Array(parameters, "AttributeNames") ?? []).Select(n => n?.GetValue<string>() ?? "").ToList();
                var attributes = new JsonObject();
                foreach (var (key, value) in services.Sqs.GetQueueAttributes(IntegrationParameters.Required(parameters, "QueueUrl"), names.Count == 0 ? ["All"] : names))
                {
                    attributes[key] = value;
                }
                return new JsonObject { ["Attributes"] = attributes };
            case "purgeQueue":
                services.Sqs.PurgeQueue(IntegrationParameters.Required(parameters, "QueueUrl"));
                return [];
            default:
                throw new IntegrationParameterException($"The local cloud has no aws-sdk:sqs:{action} integration "
                    + "(it has sendMessage, receiveMessage, deleteMessage, getQueueUrl, getQueueAttributes, purgeQueue).");
        }
    }

    private async Task<JsonObject> ReceiveAsync(JsonObject parameters, CancellationToken cancellationToken)
    {
        var request = new SqsReceiveRequest
        {
            MaxNumberOfMessages = IntegrationParameters.Int(parameters, "MaxNumberOfMessages") ?? 1,
            VisibilityTimeout = IntegrationParameters.Int(parameters, "VisibilityTimeout"),
            WaitTimeSeconds = IntegrationParameters.Int(parameters, "WaitTimeSeconds"),
            MessageAttributeNames = (IntegrationParameters.Array(parameters, "MessageAttributeNames") ?? []).Select(n => n?.GetValue<string>() ?? "").ToList(),
        };
        var received = await services.Sqs.ReceiveMessageAsync(IntegrationParameters.Required(parameters, "QueueUrl"), request, cancellationToken).ConfigureAwait(false);
        var messages = new JsonArray();
        foreach (var m in received)
        {
            var message = new JsonObject
            {
                ["Body"] = m.Body,
                ["Md5OfBody"] = m.Md5OfBody,
                ["MessageId"] = m.MessageId,
                ["ReceiptHandle"] = m.ReceiptHandle,
            };
            if (m.MessageAttributes.Count > 0)
            {
                var attributes = new JsonObject();
                foreach (var (name, value) in m.MessageAttributes)
                {
                    var attribute = new JsonObject { ["DataType"] = value.DataType };
                    if (value.IsBinary)
                    {
                        attribute["BinaryValue"] = Convert.ToBase64String(value.BinaryValue ?? []);
                    }
                    else
                    {
                        attribute["StringValue"] = value.StringValue;
                    }
                    attributes[name] = attribute;
                }
                message["Md5OfMessageAttributes"] = m.Md5OfMessageAttributes;
                message["MessageAttributes"] = attributes;
            }
            messages.Add((JsonNode)message);
        }
        return new JsonObject { ["Messages"] = messages };
    }
}
