using System.Text.Json.Nodes;
using Sluice.LocalCloud.Sns;

namespace Sluice.LocalCloud.StepFunctions;

internal sealed partial class MessagingIntegrations
{
    private JsonObject SnsPublish(JsonObject parameters)
    {
        var topicArn = IntegrationParameters.Text(parameters, "TopicArn") ?? IntegrationParameters.Text(parameters, "TargetArn")
            ?? throw new IntegrationParameterException("The field TopicArn (or TargetArn) is required: phone numbers are not supported locally.");
        var request = new SnsPublishRequest(IntegrationParameters.Body(parameters, "Message"))
        {
            Subject = IntegrationParameters.Text(parameters, "Subject"),
            MessageStructure = IntegrationParameters.Text(parameters, "MessageStructure"),
            MessageGroupId = IntegrationParameters.Text(parameters, "MessageGroupId"),
            MessageDeduplicationId = IntegrationParameters.Text(parameters, "MessageDeduplicationId"),
            MessageAttributes = IntegrationParameters.Attributes(parameters, "MessageAttributes")
                .ToDictionary(a => a.Name, a => new SnsAttributeValue(a.DataType, a.StringValue, a.BinaryValue), StringComparer.Ordinal),
        };
        var result = services.Sns.Publish(topicArn, request);
        var output = new JsonObject { ["MessageId"] = result.MessageId };
        if (result.SequenceNumber is not null)
        {
            output["SequenceNumber"] = result.SequenceNumber;
        }
        return output;
    }

    private JsonObject SnsSdk(string action, JsonObject parameters)
    {
        switch (action)
        {
            case "publish":
                return SnsPublish(parameters);
            case "listTopics":
                return new JsonObject { ["Topics"] = new JsonArray([.. services.Sns.ListTopics().Select(t => (JsonNode)new JsonObject { ["TopicArn"] = t })]) };
            case "getTopicAttributes":
                var attributes = new JsonObject();
                foreach (var (key, value) in services.Sns.GetTopicAttributes(IntegrationParameters.Required(parameters, "TopicArn")))
                {
                    attributes[key] = value;
                }
                return new JsonObject { ["Attributes"] = attributes };
            default:
                throw new IntegrationParameterException($"The local cloud has no aws-sdk:sns:{action} integration (it has publish, listTopics, getTopicAttributes).");
        }
    }
}
