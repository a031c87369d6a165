using System.Text.Json;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Logs;

/// <summary>The AWS JSON 1.1 face of <see cref="LogsService"/> (<c>X-Amz-Target: Logs_20140328.*</c>).</summary>
internal sealed class LogsHandler(Func<string, LogsService> logsFor) : IAwsServiceHandler
{
    /// <summary>The operations <c>Dispatch</c> serves; each request for one is held to the logs model first.</summary>
    internal static IReadOnlySet<string> Operations { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "CreateLogGroup", "CreateLogStream", "DeleteLogGroup", "DeleteLogStream", "DeleteRetentionPolicy",
        "DescribeLogGroups", "DescribeLogStreams", "FilterLogEvents", "GetLogEvents", "ListTagsForResource",
        "ListTagsLogGroup", "PutLogEvents", "PutRetentionPolicy", "TagLogGroup", "TagResource", "UntagLogGroup",
        "UntagResource",
    };

    public string SigningName => "logs";

    public IReadOnlyList<string> TargetPrefixes { get; } = ["Logs_20140328"];

    public string? QueryVersion => null;

    public string QueryNamespace => "";

    public string JsonContentType => "application/x-amz-json-1.1";

    public string JsonErrorPrefix => "";

    public bool KnowsQueryAction(string action) => false;

    public string? ModelName => "logs";

    public bool Serves(string action) => Operations.Contains(action);

    /// <summary>CloudWatch Logs answers request validation with <c>InvalidParameterException</c>.</summary>
    public AwsServiceException? Refuse(IReadOnlyList<ModelViolation> violations) =>
        new("InvalidParameterException", ModelViolation.Message(violations));

    public ValueTask<AwsResponse> HandleAsync(AwsRequest request, CancellationToken cancellationToken)
    {
        using var document = JsonInput.ParseDocument(request.Body);
        var input = new JsonInput(document.RootElement);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            Dispatch(logsFor(request.Region), request.Action, input, w);
            w.WriteEndObject();
        }
        return ValueTask.FromResult(new AwsResponse(200, JsonContentType, buffer.ToArray()));
    }

    private static void Dispatch(LogsService logs, string action, JsonInput input, Utf8JsonWriter w)
    {
        switch (action)
        {
            case "CreateLogGroup":
                logs.CreateLogGroup(input.String("logGroupName"), input.StringMap("tags"), input.String("kmsKeyId"), input.String("logGroupClass"));
                break;
            case "DeleteLogGroup":
                logs.DeleteLogGroup(input.String("logGroupName"));
                break;
            case "DescribeLogGroups":
                DescribeLogGroups(logs, input, w);
                break;
            case "PutRetentionPolicy":
                logs.PutRetentionPolicy(input.String("logGroupName"), input.Int("retentionInDays"));
                break;
            case "DeleteRetentionPolicy":
                logs.DeleteRetentionPolicy(input.String("logGroupName"));
                break;
            case "CreateLogStream":
                logs.CreateLogStream(input.String("logGroupName"), input.String("logStreamName"));
                break;
            case "DeleteLogStream":
                logs.DeleteLogStream(input.String("logGroupName"), input.String("logStreamName"));
                break;
            case "DescribeLogStreams":
                DescribeLogStreams(logs, input, w);
                break;
            case "PutLogEvents":
                PutLogEvents(logs, input, w);
                break;
            case "GetLogEvents":
                GetLogEvents(logs, input, w);
                break;
            case "FilterLogEvents":
                FilterLogEvents(logs, input, w);
                break;
            case "TagResource":
                logs.TagResource(input.String("resourceArn"), input.StringMap("tags"));
                break;
            case "UntagResource":
                logs.UntagResource(input.String("resourceArn"), input.StringList("tagKeys"));
                break;
            case "ListTagsForResource":
                WriteTags(w, "tags", logs.ListTags(input.String("resourceArn")));
                break;
            case "TagLogGroup":
                logs.TagResource(logs.Group(input.String("logGroupName")).Arn, input.StringMap("tags"));
                break;
            case "UntagLogGroup":
                logs.UntagResource(logs.Group(input.String("logGroupName")).Arn, input.StringList("tags"));
                break;
            case "ListTagsLogGroup":
                WriteTags(w, "tags", logs.ListTags(logs.Group(input.String("logGroupName")).Arn));
                break;
            default:
                throw new AwsServiceException("UnknownOperationException", $"Unknown operation {action}");
        }
    }

    private static void DescribeLogGroups(LogsService logs, JsonInput input, Utf8JsonWriter w)
    {
        var (groups, next) = logs.DescribeLogGroups(input.String("logGroupNamePrefix"), input.String("logGroupNamePattern"), input.Int("limit"), input.String("nextToken"));
        w.WriteStartArray("logGroups");
        foreach (var g in groups)
        {
            w.WriteStartObject();
            w.WriteString("logGroupName", g.Name);
            w.WriteNumber("creationTime", g.CreationTime);
            if (g.RetentionInDays is { } days)
            {
                w.WriteNumber("retentionInDays", days);
            }
            w.WriteNumber("metricFilterCount", 0);
            w.WriteString("arn", g.Arn + ":*");
            w.WriteNumber("storedBytes", g.StoredBytes);
            if (g.KmsKeyId is { } kms)
            {
                w.WriteString("kmsKeyId", kms);
            }
            w.WriteString("logGroupClass", g.LogGroupClass);
            w.WriteString("logGroupArn", g.Arn);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (next is not null)
        {
            w.WriteString("nextToken", next);
        }
    }

    private static void DescribeLogStreams(LogsService logs, JsonInput input, Utf8JsonWriter w)
    {
        var group = logs.GroupByIdentifier(input.String("logGroupName"), input.String("logGroupIdentifier"));
        var (streams, next) = logs.DescribeLogStreams(group, input.String("logStreamNamePrefix"), input.String("orderBy"), input.Bool("descending") ?? false,
            input.Int("limit"), input.String("nextToken"));
        w.WriteStartArray("logStreams");
        foreach (var s in streams)
        {
            w.WriteStartObject();
            w.WriteString("logStreamName", s.Name);
            w.WriteNumber("creationTime", s.CreationTime);
            if (s.FirstEventTimestamp is { } first)
            {
                w.WriteNumber("firstEventTimestamp", first);
            }
            if (s.LastEventTimestamp is { } last)
            {
                w.WriteNumber("lastEventTimestamp", last);
            }
            if (s.LastIngestionTime is { } ingested)
            {
                w.WriteNumber("lastIngestionTime", ingested);
            }
            w.WriteString("arn", $"{group.Arn}:log-stream:{s.Name}");
            w.WriteNumber("storedBytes", 0);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (next is not null)
        {
            w.WriteString("nextToken", next);
        }
    }

    private static void PutLogEvents(LogsService logs, JsonInput input, Utf8JsonWriter w)
    {
        var group = logs.Group(input.String("logGroupName"));
        var events = input.Array("logEvents")?.Select(e => (e.Long("timestamp"), e.String("message"))).ToList();
        var (token, rejected) = logs.PutLogEvents(group, input.String("logStreamName"), events);
        w.WriteString("nextSequenceToken", token);
        if (rejected is not null)
        {
            w.WriteStartObject("rejectedLogEventsInfo");
            if (rejected.TooNewStartIndex is { } tooNew)
            {
                w.WriteNumber("tooNewLogEventStartIndex", tooNew);
            }
            if (rejected.TooOldEndIndex is { } tooOld)
            {
                w.WriteNumber("tooOldLogEventEndIndex", tooOld);
            }
            if (rejected.ExpiredEndIndex is { } expired)
            {
                w.WriteNumber("expiredLogEventEndIndex", expired);
            }
            w.WriteEndObject();
        }
    }

    private static void GetLogEvents(LogsService logs, JsonInput input, Utf8JsonWriter w)
    {
        var group = logs.GroupByIdentifier(input.String("logGroupName"), input.String("logGroupIdentifier"));
        var page = logs.GetLogEvents(group, input.String("logStreamName"), input.Long("startTime"), input.Long("endTime"), input.String("nextToken"),
            input.Int("limit"), input.Bool("startFromHead") ?? false);
        w.WriteStartArray("events");
        foreach (var e in page.Events)
        {
            w.WriteStartObject();
            w.WriteNumber("timestamp", e.Timestamp);
            w.WriteString("message", e.Message);
            w.WriteNumber("ingestionTime", e.IngestionTime);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteString("nextForwardToken", page.ForwardToken);
        w.WriteString("nextBackwardToken", page.BackwardToken);
    }

    private static void FilterLogEvents(LogsService logs, JsonInput input, Utf8JsonWriter w)
    {
        var group = logs.GroupByIdentifier(input.String("logGroupName"), input.String("logGroupIdentifier"));
        var page = logs.FilterLogEvents(group, input.StringList("logStreamNames"), input.String("logStreamNamePrefix"), input.Long("startTime"), input.Long("endTime"),
            input.String("filterPattern"), input.String("nextToken"), input.Int("limit"));
        w.WriteStartArray("events");
        foreach (var e in page.Events)
        {
            w.WriteStartObject();
            w.WriteString("logStreamName", e.StreamName);
            w.WriteNumber("timestamp", e.Timestamp);
            w.WriteString("message", e.Message);
            w.WriteNumber("ingestionTime", e.IngestionTime);
            w.WriteString("eventId", LogsService.EventId(e));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("searchedLogStreams");
        foreach (var name in page.SearchedStreams)
        {
            w.WriteStartObject();
            w.WriteString("logStreamName", name);
            w.WriteBoolean("searchedCompletely", true);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (page.NextToken is not null)
        {
            w.WriteString("nextToken", page.NextToken);
        }
    }

    private static void WriteTags(Utf8JsonWriter w, string name, Dictionary<string, string> tags)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in tags.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            w.WriteString(key, value);
        }
        w.WriteEndObject();
    }
}
