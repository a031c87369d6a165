using System.Globalization;
using System.Text;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Sns;

/// <summary>The query-protocol face of <see cref="SnsService"/>.</summary>
internal sealed class SnsHandler(Func<string, SnsService> snsFor) : IAwsServiceHandler
{
    private const string Namespace = "http://sns.amazonaws.com/doc/2010-03-31/";
    private const int PageSize = 100;

    private static readonly HashSet<string> s_actions = new(StringComparer.Ordinal)
    {
        "CreateTopic", "DeleteTopic", "ListTopics", "GetTopicAttributes", "SetTopicAttributes", "Subscribe", "Unsubscribe",
        "ListSubscriptions", "ListSubscriptionsByTopic", "GetSubscriptionAttributes", "SetSubscriptionAttributes",
        "Publish", "PublishBatch", "TagResource", "UntagResource", "ListTagsForResource", "AddPermission", "RemovePermission",
        "GetDataProtectionPolicy", "PutDataProtectionPolicy",
    };

    public string SigningName => "sns";

    public IReadOnlyList<string> TargetPrefixes { get; } = [];

    public string? QueryVersion => "2010-03-31";

    public string QueryNamespace => Namespace;

    public string JsonContentType => "application/x-amz-json-1.0";

    public string JsonErrorPrefix => "";

    public bool KnowsQueryAction(string action) => s_actions.Contains(action);

    public string? WhyUnserved(string action) => action switch
    {
        "CreatePlatformApplication" or "DeletePlatformApplication" or "GetPlatformApplicationAttributes" or "SetPlatformApplicationAttributes"
            or "ListPlatformApplications" or "CreatePlatformEndpoint" or "DeleteEndpoint" or "GetEndpointAttributes" or "SetEndpointAttributes"
            or "ListEndpointsByPlatformApplication" => "mobile push (platform applications and endpoints) cannot be delivered from one machine",
        "GetSMSAttributes" or "SetSMSAttributes" or "CheckIfPhoneNumberIsOptedOut" or "ListPhoneNumbersOptedOut" or "OptInPhoneNumber"
            or "CreateSMSSandboxPhoneNumber" or "DeleteSMSSandboxPhoneNumber" or "VerifySMSSandboxPhoneNumber" or "ListSMSSandboxPhoneNumbers"
            or "GetSMSSandboxAccountStatus" or "ListOriginationNumbers" => "SMS cannot be delivered from one machine",
        "ConfirmSubscription" => "only sqs subscriptions are served, and they need no confirmation",
        _ => null,
    };

    public ValueTask<AwsResponse> HandleAsync(AwsRequest request, CancellationToken cancellationToken)
    {
        if (request.Protocol != AwsProtocol.Query)
        {
            throw new AwsServiceException("UnknownOperationException", "SNS speaks the query protocol only");
        }
        var q = request.Query;
        var sns = snsFor(request.Region);
        var xml = new StringBuilder();
        switch (request.Action)
        {
            case "CreateTopic":
                xml.Element("TopicArn", sns.CreateTopic(Required(q, "Name"), Map(q, "Attributes.entry", "key", "value"), Map(q, "Tags.member", "Key", "Value")));
                break;
            case "DeleteTopic":
                sns.DeleteTopic(TopicArn(q, "TopicArn"));
                break;
            case "ListTopics":
                Page(xml, q, sns.ListTopics(), "Topics", arn => xml.Element("TopicArn", arn));
                break;
            case "GetTopicAttributes":
                WriteAttributes(xml, sns.GetTopicAttributes(TopicArn(q, "TopicArn")));
                break;
            case "SetTopicAttributes":
                sns.SetTopicAttribute(TopicArn(q, "TopicArn"), Required(q, "AttributeName"), q["AttributeValue"]);
                break;
            case "Subscribe":
                xml.Element("SubscriptionArn", sns.Subscribe(TopicArn(q, "TopicArn"), Required(q, "Protocol"), q["Endpoint"], Map(q, "Attributes.entry", "key", "value")));
                break;
            case "Unsubscribe":
                sns.Unsubscribe(Required(q, "SubscriptionArn"));
                break;
            case "ListSubscriptions":
                Page(xml, q, sns.ListSubscriptions(null), "Subscriptions", s => WriteSubscription(xml, s));
                break;
            case "ListSubscriptionsByTopic":
                Page(xml, q, sns.ListSubscriptions(TopicArn(q, "TopicArn")), "Subscriptions", s => WriteSubscription(xml, s));
                break;
            case "GetSubscriptionAttributes":
                WriteAttributes(xml, sns.GetSubscriptionAttributes(Required(q, "SubscriptionArn")));
                break;
            case "SetSubscriptionAttributes":
                sns.SetSubscriptionAttribute(Required(q, "SubscriptionArn"), Required(q, "AttributeName"), q["AttributeValue"]);
                break;
            case "Publish":
                var target = q["TopicArn"] ?? q["TargetArn"] ?? throw SnsErrors.InvalidParameter("TopicArn or TargetArn Reason: no value for required parameter");
                var result = sns.Publish(CheckArn(target, "TopicArn"), ReadPublish(q, ""));
                xml.Element("MessageId", result.MessageId).Element("SequenceNumber", result.SequenceNumber);
                break;
            case "PublishBatch":
                PublishBatch(sns, xml, q);
                break;
            case "TagResource":
                sns.TagResource(Required(q, "ResourceArn"), Map(q, "Tags.member", "Key", "Value") ?? throw SnsErrors.InvalidParameter("Tags"));
                break;
            case "UntagResource":
                sns.UntagResource(Required(q, "ResourceArn"), q.List("TagKeys.member"));
                break;
            case "ListTagsForResource":
                xml.Append("<Tags>");
                foreach (var (key, value) in sns.ListTagsForResource(Required(q, "ResourceArn")))
                {
                    xml.Append("<member>").Element("Key", key).Element("Value", value).Append("</member>");
                }
                xml.Append("</Tags>");
                break;
            case "AddPermission":
                sns.AddPermission(TopicArn(q, "TopicArn"), Required(q, "Label"), q.List("AWSAccountId.member"), q.List("ActionName.member"));
                break;
            case "RemovePermission":
                sns.RemovePermission(TopicArn(q, "TopicArn"), Required(q, "Label"));
                break;
            case "GetDataProtectionPolicy":
                xml.Element("DataProtectionPolicy", sns.GetDataProtectionPolicy(Required(q, "ResourceArn")));
                break;
            case "PutDataProtectionPolicy":
                sns.PutDataProtectionPolicy(Required(q, "ResourceArn"), Required(q, "DataProtectionPolicy"));
                break;
            default:
                throw new AwsServiceException("InvalidAction", IAwsServiceHandler.UnknownActionMessage(this, request.Action));
        }
        return ValueTask.FromResult(AwsResponse.Xml(XmlText.Envelope(request.Action, Namespace, request.RequestId, xml.ToString())));
    }

    private static string Required(QueryParameters q, string name) =>
        q[name] ?? throw new AwsServiceException("ValidationError", $"1 validation error detected: Value null at '{char.ToLowerInvariant(name[0]) + name[1..]}' failed to satisfy constraint: Member must not be null");

    private static string TopicArn(QueryParameters q, string name) => CheckArn(Required(q, name), name);

    private static string CheckArn(string arn, string name) =>
        arn.StartsWith("arn:", StringComparison.Ordinal) && arn.Split(':').Length == 6 ? arn : throw SnsErrors.InvalidParameter(name);

    private static Dictionary<string, string>? Map(QueryParameters q, string prefix, string keyName, string valueName)
    {
        var entries = q.IndexedPrefixes(prefix);
        if (entries.Count == 0)
        {
            return null;
        }
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            map[q[e + keyName] ?? throw SnsErrors.InvalidParameter($"{e}{keyName}")] = q[e + valueName] ?? "";
        }
        return map;
    }

    private static void WriteAttributes(StringBuilder xml, Dictionary<string, string> attributes)
    {
        xml.Append("<Attributes>");
        foreach (var (k, v) in attributes)
        {
            xml.Append("<entry>").Element("key", k).Element("value", v).Append("</entry>");
        }
        xml.Append("</Attributes>");
    }

    private static void WriteSubscription(StringBuilder xml, SnsSubscription s) =>
        xml.Element("SubscriptionArn", s.Arn).Element("Owner", s.Arn.Split(':')[4]).Element("Protocol", s.Protocol)
            .Element("Endpoint", s.Endpoint).Element("TopicArn", s.TopicArn);

    private static void Page<T>(StringBuilder xml, QueryParameters q, IReadOnlyList<T> items, string listName, Action<T> write)
    {
        var start = 0;
        if (q["NextToken"] is { } token && !int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out start))
        {
            throw SnsErrors.InvalidParameter("NextToken");
        }
        xml.Append('<').Append(listName).Append('>');
        foreach (var item in items.Skip(start).Take(PageSize))
        {
            xml.Append("<member>");
            write(item);
            xml.Append("</member>");
        }
        xml.Append("</").Append(listName).Append('>');
        if (start + PageSize < items.Count)
        {
            xml.Element("NextToken", (start + PageSize).ToString(CultureInfo.InvariantCulture));
        }
    }

    private static SnsPublishRequest ReadPublish(QueryParameters q, string prefix)
    {
        var attributes = new Dictionary<string, SnsAttributeValue>(StringComparer.Ordinal);
        foreach (var e in q.IndexedPrefixes(prefix + "MessageAttributes.entry"))
        {
            var name = q[e + "Name"] ?? throw SnsErrors.InvalidParameterValue("The message attribute name must be provided.");
            var type = q[e + "Value.DataType"] ?? throw SnsErrors.InvalidParameterValue($"The message attribute '{name}' must contain non-empty message attribute type.");
            byte[]? binary = null;
            if (q[e + "Value.BinaryValue"] is { } b64)
            {
                try
                {
                    binary = Convert.FromBase64String(b64);
                }
                catch (FormatException)
                {
                    throw SnsErrors.InvalidParameterValue($"The message attribute '{name}' has an invalid binary value.");
                }
            }
            attributes[name] = new SnsAttributeValue(type, q[e + "Value.StringValue"], binary);
        }
        return new SnsPublishRequest(q[prefix + "Message"])
        {
            Subject = q[prefix + "Subject"],
            MessageStructure = q[prefix + "MessageStructure"],
            MessageAttributes = attributes,
            MessageGroupId = q[prefix + "MessageGroupId"],
            MessageDeduplicationId = q[prefix + "MessageDeduplicationId"],
        };
    }

    private static void PublishBatch(SnsService sns, StringBuilder xml, QueryParameters q)
    {
        var topicArn = TopicArn(q, "TopicArn");
        _ = sns.Topic(topicArn);
        var entries = q.IndexedPrefixes("PublishBatchRequestEntries.member");
        if (entries.Count == 0)
        {
            throw new AwsServiceException("EmptyBatchRequest", "The batch request doesn't contain any entries");
        }
        if (entries.Count > 10)
        {
            throw new AwsServiceException("TooManyEntriesInBatchRequest", "The batch request contains more entries than permissible.");
        }
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var total = 0;
        foreach (var e in entries)
        {
            var id = q[e + "Id"] ?? throw new AwsServiceException("ValidationError", "1 validation error detected: Value null at 'publishBatchRequestEntries.member.id' failed to satisfy constraint: Member must not be null");
            if (id.Length is 0 or > 80 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                throw new AwsServiceException("InvalidBatchEntryId", "The Id of a batch entry in a batch request doesn't abide by the specification.");
            }
            if (!ids.Add(id))
            {
                throw new AwsServiceException("BatchEntryIdsNotDistinct", "Two or more batch entries in the request have the same Id.");
            }
            total += Encoding.UTF8.GetByteCount(q[e + "Message"] ?? "");
        }
        if (total > 262144)
        {
            throw new AwsServiceException("BatchRequestTooLong", "The length of all the messages put together is more than the limit.");
        }
        var ok = new StringBuilder();
        var failed = new StringBuilder();
        foreach (var e in entries)
        {
            var id = q[e + "Id"]!;
            try
            {
                var result = sns.Publish(topicArn, ReadPublish(q, e));
                ok.Append("<member>").Element("Id", id).Element("MessageId", result.MessageId).Element("SequenceNumber", result.SequenceNumber).Append("</member>");
            }
            catch (AwsServiceException error)
            {
                failed.Append("<member>").Element("Id", id).Element("Code", error.Code).Element("Message", error.Message)
                    .Element("SenderFault", error.SenderFault ? "true" : "false").Append("</member>");
            }
        }
        xml.Append("<Successful>").Append(ok).Append("</Successful><Failed>").Append(failed).Append("</Failed>");
    }
}
