using System.Globalization;
using System.Text;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Sqs;

/// <summary>The HTTP face of <see cref="SqsService"/>: AWS JSON 1.0 (<c>AmazonSQS.*</c>) and the query protocol.</summary>
internal sealed partial class SqsHandler(Func<string, SqsService> sqsFor) : IAwsServiceHandler
{
    private const string Namespace = "http://queue.amazonaws.com/doc/2012-11-05/";

    internal static IReadOnlySet<string> Operations { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "CreateQueue", "GetQueueUrl", "ListQueues", "DeleteQueue", "GetQueueAttributes", "SetQueueAttributes",
        "SendMessage", "SendMessageBatch", "ReceiveMessage", "DeleteMessage", "DeleteMessageBatch",
        "ChangeMessageVisibility", "ChangeMessageVisibilityBatch", "PurgeQueue", "ListQueueTags", "TagQueue", "UntagQueue",
        "AddPermission", "RemovePermission", "ListDeadLetterSourceQueues",
        "StartMessageMoveTask", "ListMessageMoveTasks", "CancelMessageMoveTask",
    };

    public string SigningName => "sqs";

    public IReadOnlyList<string> TargetPrefixes { get; } = ["AmazonSQS"];

    public string? QueryVersion => "2012-11-05";

    public string QueryNamespace => Namespace;

    public string JsonContentType => "application/x-amz-json-1.0";

    public string JsonErrorPrefix => "com.amazonaws.sqs#";

    public bool KnowsQueryAction(string action) => Operations.Contains(action);

    public string? ModelName => "sqs";

    public string? WhyUnserved(string action) => null;

    /// <summary>
    /// SQS names a missing parameter rather than listing validation errors, and makes its other checks
    /// itself: only a request without a required member is refused here.
    /// </summary>
    public AwsServiceException? Refuse(IReadOnlyList<ModelViolation> violations) =>
        violations.FirstOrDefault(v => v.TopLevel && v.Value == "null") is { } missing ? SqsErrors.MissingParameter(missing.Member) : null;

    public async ValueTask<AwsResponse> HandleAsync(AwsRequest request, CancellationToken cancellationToken)
    {
        if (!Operations.Contains(request.Action))
        {
            throw request.Protocol == AwsProtocol.Json
                ? new AwsServiceException("UnknownOperationException", WhyUnserved(request.Action) is { } why
                    ? $"Unknown operation {request.Action}: it is not served by the Sluice local cloud: {why}."
                    : $"Unknown operation {request.Action}")
                : new AwsServiceException("InvalidAction", IAwsServiceHandler.UnknownActionMessage(this, request.Action));
        }
        using var document = request.Protocol == AwsProtocol.Json ? JsonInput.ParseDocument(request.Body) : null;
        SqsInput input = document is not null
            ? new SqsJsonInput(new JsonInput(document.RootElement))
            : new SqsQueryInput(request.Query);
        SqsOutput output = request.Protocol == AwsProtocol.Json ? new SqsJsonOutput() : new SqsXmlOutput(Namespace);
        try
        {
            await DispatchAsync(sqsFor(request.Region), request, input, output, cancellationToken).ConfigureAwait(false);
            var body = output.ToBytes(request.Action, request.RequestId);
            return request.Protocol == AwsProtocol.Json
                ? new AwsResponse(200, JsonContentType, body)
                : new AwsResponse(200, "text/xml", body);
        }
        catch (AwsServiceException e) when (e.Code == "QueueDoesNotExist" && request.Protocol == AwsProtocol.Query)
        {
            // The query protocol words it differently (recorded against AWS).
            throw new AwsServiceException(e.Code, "The specified queue does not exist for this wsdl version.", e.Status, e.QueryCode);
        }
        finally
        {
            (output as IDisposable)?.Dispose();
        }
    }

    private static async Task DispatchAsync(SqsService sqs, AwsRequest request, SqsInput input, SqsOutput output, CancellationToken cancellationToken)
    {
        switch (request.Action)
        {
            case "CreateQueue":
                output.String("QueueUrl", sqs.CreateQueue(
                    input.Required("QueueName"),
                    input.StringMap("Attributes", "Attribute", "Name", "Value"),
                    input.StringMap("tags", "Tag", "Key", "Value")));
                break;
            case "GetQueueUrl":
                output.String("QueueUrl", sqs.GetQueueUrl(input.Required("QueueName")));
                break;
            case "ListQueues":
                ListQueues(sqs, input, output);
                break;
            case "DeleteQueue":
                sqs.DeleteQueue(QueueUrl(request, input));
                break;
            case "GetQueueAttributes":
                output.StringMap("Attributes", "Attribute", sqs.GetQueueAttributes(QueueUrl(request, input), input.StringList("AttributeNames", "AttributeName") ?? []));
                break;
            case "SetQueueAttributes":
                sqs.SetQueueAttributes(QueueUrl(request, input), input.StringMap("Attributes", "Attribute", "Name", "Value") ?? throw SqsErrors.MissingParameter("Attributes"));
                break;
            case "SendMessage":
                WriteSendResult(output, sqs.SendMessage(QueueUrl(request, input), ReadSend(input)));
                break;
            case "SendMessageBatch":
                SendBatch(sqs, QueueUrl(request, input), input, output);
                break;
            case "ReceiveMessage":
                await ReceiveAsync(sqs, QueueUrl(request, input), input, output, cancellationToken).ConfigureAwait(false);
                break;
            case "DeleteMessage":
                sqs.DeleteMessage(QueueUrl(request, input), input.Required("ReceiptHandle"));
                break;
            case "DeleteMessageBatch":
                var deleteUrl = QueueUrl(request, input);
                Batch(input, output, "DeleteMessageBatchRequestEntry", "DeleteMessageBatchResultEntry",
                    e => sqs.DeleteMessage(deleteUrl, e.Required("ReceiptHandle")));
                break;
            case "ChangeMessageVisibility":
                sqs.ChangeMessageVisibility(QueueUrl(request, input), input.Required("ReceiptHandle"), input.Int("VisibilityTimeout") ?? throw SqsErrors.MissingParameter("VisibilityTimeout"));
                break;
            case "ChangeMessageVisibilityBatch":
                var changeUrl = QueueUrl(request, input);
                Batch(input, output, "ChangeMessageVisibilityBatchRequestEntry", "ChangeMessageVisibilityBatchResultEntry",
                    e => sqs.ChangeMessageVisibility(changeUrl, e.Required("ReceiptHandle"), e.Int("VisibilityTimeout") ?? throw SqsErrors.MissingParameter("VisibilityTimeout")));
                break;
            case "PurgeQueue":
                sqs.PurgeQueue(QueueUrl(request, input));
                break;
            case "ListQueueTags":
                // The query protocol's tag map names its key Key (attributes name theirs Name), as botocore's model reads it.
                output.StringMap("Tags", "Tag", sqs.Resolve(QueueUrl(request, input)).Tags, xmlKey: "Key");
                break;
            case "TagQueue":
                var tagged = sqs.Resolve(QueueUrl(request, input));
                var tags = new Dictionary<string, string>(tagged.Tags);
                foreach (var (k, v) in input.StringMap("Tags", "Tag", "Key", "Value") ?? throw SqsErrors.MissingParameter("Tags"))
                {
                    tags[k] = v;
                }
                tagged.Tags = tags;
                break;
            case "AddPermission":
                sqs.AddPermission(QueueUrl(request, input), input.Required("Label"),
                    input.StringList("AWSAccountIds", "AWSAccountId") ?? [], input.StringList("Actions", "ActionName") ?? []);
                break;
            case "RemovePermission":
                sqs.RemovePermission(QueueUrl(request, input), input.Required("Label"));
                break;
            case "ListDeadLetterSourceQueues":
                {
                    var (urls, next) = sqs.ListDeadLetterSourceQueues(QueueUrl(request, input), input.Int("MaxResults"), input.String("NextToken"));
                    output.BeginList("queueUrls", "QueueUrl");
                    foreach (var url in urls)
                    {
                        output.StringItem(url);
                    }
                    output.EndList();
                    output.String("NextToken", next);
                    break;
                }
            case "StartMessageMoveTask":
                output.String("TaskHandle", sqs.StartMessageMoveTask(input.Required("SourceArn"), input.String("DestinationArn"), input.Int("MaxNumberOfMessagesPerSecond")));
                break;
            case "CancelMessageMoveTask":
                output.Long("ApproximateNumberOfMessagesMoved", sqs.CancelMessageMoveTask(input.Required("TaskHandle")));
                break;
            case "ListMessageMoveTasks":
                output.BeginList("Results", "ListMessageMoveTasksResultEntry");
                foreach (var task in sqs.ListMessageMoveTasks(input.Required("SourceArn"), input.Int("MaxResults")))
                {
                    output.BeginObject(null);
                    output.String("TaskHandle", task.Status == "RUNNING" ? task.Handle : null);
                    output.String("Status", task.Status);
                    output.String("SourceArn", task.SourceArn);
                    output.String("DestinationArn", task.DestinationArn);
                    output.Long("MaxNumberOfMessagesPerSecond", task.MaxPerSecond);
                    output.Long("ApproximateNumberOfMessagesMoved", task.Moved);
                    output.Long("ApproximateNumberOfMessagesToMove", task.ToMove);
                    output.String("FailureReason", task.FailureReason);
                    output.Long("StartedTimestamp", task.StartedMs);
                    output.EndObject();
                }
                output.EndList();
                break;
            case "UntagQueue":
                var untagged = sqs.Resolve(QueueUrl(request, input));
                var remaining = new Dictionary<string, string>(untagged.Tags);
                foreach (var k in input.StringList("TagKeys", "TagKey") ?? throw SqsErrors.MissingParameter("TagKeys"))
                {
                    remaining.Remove(k);
                }
                untagged.Tags = remaining;
                break;
        }
    }

    /// <summary>The QueueUrl parameter or, for older query clients, the queue URL the request was posted to.</summary>
    private static string QueueUrl(AwsRequest request, SqsInput input)
    {
        if (input.String("QueueUrl") is { } url)
        {
            return url;
        }
        if (request.Protocol == AwsProtocol.Query && request.Path.Trim('/').Split('/') is { Length: 2 } segments)
        {
            return "/" + segments[0] + "/" + segments[1];
        }
        throw SqsErrors.MissingParameter("QueueUrl");
    }

    private static void ListQueues(SqsService sqs, SqsInput input, SqsOutput output)
    {
        var urls = sqs.ListQueues(input.String("QueueNamePrefix"));
        var max = input.Int("MaxResults");
        if (max is < 1 or > 1000)
        {
            throw SqsErrors.InvalidValue("MaxResults", max.Value.ToString(CultureInfo.InvariantCulture), "MaxResults must be an integer between 1 and 1000.");
        }
        var start = 0;
        if (input.String("NextToken") is { } token)
        {
            try
            {
                start = int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)), CultureInfo.InvariantCulture);
            }
            catch (FormatException)
            {
                throw SqsErrors.InvalidParameterValue("Invalid NextToken value.");
            }
        }
        var take = max ?? 1000;
        var page = urls.Skip(start).Take(take).ToList();
        if (page.Count > 0)
        {
            output.BeginList("QueueUrls", "QueueUrl");
            foreach (var url in page)
            {
                output.StringItem(url);
            }
            output.EndList();
        }
        if (max is not null && start + take < urls.Count)
        {
            output.String("NextToken", Convert.ToBase64String(Encoding.UTF8.GetBytes((start + take).ToString(CultureInfo.InvariantCulture))));
        }
    }

    private static SqsSendRequest ReadSend(SqsInput input) => new(input.String("MessageBody"))
    {
        DelaySeconds = input.Int("DelaySeconds"),
        MessageAttributes = input.MessageAttributes("MessageAttributes", "MessageAttribute"),
        SystemAttributes = input.MessageAttributes("MessageSystemAttributes", "MessageSystemAttribute"),
        MessageGroupId = input.String("MessageGroupId"),
        DeduplicationId = input.String("MessageDeduplicationId"),
    };

    private static void WriteSendResult(SqsOutput output, SqsSendResult result)
    {
        output.String("MD5OfMessageBody", result.Md5OfBody);
        output.String("MD5OfMessageAttributes", result.Md5OfMessageAttributes);
        output.String("MD5OfMessageSystemAttributes", result.Md5OfSystemAttributes);
        output.String("MessageId", result.MessageId);
        output.String("SequenceNumber", result.SequenceNumber);
    }

    private static async Task ReceiveAsync(SqsService sqs, string queueUrl, SqsInput input, SqsOutput output, CancellationToken cancellationToken)
    {
        var attributeNames = new List<string>(input.StringList("AttributeNames", "AttributeName") ?? []);
        attributeNames.AddRange(input.StringList("MessageSystemAttributeNames", "MessageSystemAttributeName") ?? []);
        var request = new SqsReceiveRequest
        {
            MaxNumberOfMessages = input.Int("MaxNumberOfMessages") ?? 1,
            VisibilityTimeout = input.Int("VisibilityTimeout"),
            WaitTimeSeconds = input.Int("WaitTimeSeconds"),
            AttributeNames = attributeNames,
            MessageAttributeNames = input.StringList("MessageAttributeNames", "MessageAttributeName") ?? [],
        };
        var messages = await sqs.ReceiveMessageAsync(queueUrl, request, cancellationToken).ConfigureAwait(false);
        if (messages.Count == 0)
        {
            return;
        }
        output.BeginList("Messages", "Message");
        foreach (var m in messages)
        {
            output.BeginObject(null);
            output.String("MessageId", m.MessageId);
            output.String("ReceiptHandle", m.ReceiptHandle);
            output.String("MD5OfBody", m.Md5OfBody);
            output.String("Body", m.Body);
            output.StringMap("Attributes", "Attribute", m.Attributes);
            output.String("MD5OfMessageAttributes", m.Md5OfMessageAttributes);
            output.AttributeMap("MessageAttributes", "MessageAttribute", m.MessageAttributes);
            output.EndObject();
        }
        output.EndList();
    }
}
