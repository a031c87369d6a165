using System.Text.Json;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Sns;

/// <summary>
/// Which messages a subscription receives, held against the cases recorded against AWS in
/// TestData/aws-recorded/sns/test_sns_filter_policy.snapshot.json (same policies, same messages, same outcome).
/// </summary>
public sealed class FilterPolicyMatchingTests
{
    private static readonly JsonElement s_snapshot = RecordedSnapshots.Load("sns/test_sns_filter_policy.snapshot.json");

    private static string RecordedPolicy(string test, string entry) =>
        RecordedSnapshots.Test(s_snapshot, test).GetProperty(entry).GetProperty("Attributes").GetProperty("FilterPolicy").GetRawText();

    private static List<string> RecordedBodies(string test, string entry) =>
        [.. RecordedSnapshots.Test(s_snapshot, test).GetProperty(entry).GetProperty("Messages").EnumerateArray()
            .Select(m => JsonSerializerCompact(m.GetProperty("Body")))];

    private static string JsonSerializerCompact(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText();

    private static string Canonical(string json)
    {
        using var doc = JsonDocument.Parse(json);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            doc.RootElement.WriteTo(writer);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    [Fact]
    public async Task NumericRange_DeliversOnlyValuesInRange()
    {
        var rig = new MessagingRig();
        var (queue, _) = rig.Subscribe(RecordedPolicy("TestSNSFilterPolicyAttributes::test_filter_policy", "subscription-attributes"));

        rig.Publish("This is a test message", ("attr1", "Number", "99"));
        rig.Publish("This is another test message", ("attr1", "Number", "111"));

        var bodies = (await rig.DrainAsync(queue)).Select(m => JsonDocument.Parse(m.Body).RootElement.GetProperty("Message").GetString()).ToList();
        Assert.Equal(["This is a test message"], bodies);
    }

    [Fact]
    public async Task NullOrAnythingBut_MessageWithoutTheAttribute_IsNotDelivered()
    {
        var rig = new MessagingRig();
        var (queue, subscription) = rig.Subscribe(RecordedPolicy("TestSNSFilterPolicyAttributes::test_filter_policy", "subscription-attributes-2"));

        rig.Publish("This the test message for null");
        var filtered = await rig.DrainAsync(queue);
        rig.Sns.SetSubscriptionAttribute(subscription, "FilterPolicy", "");
        rig.Publish("This the test message for null");
        var unfiltered = await rig.DrainAsync(queue);

        Assert.Empty(filtered);
        Assert.Single(unfiltered);
        Assert.False(rig.Sns.GetSubscriptionAttributes(subscription).ContainsKey("FilterPolicy"));
    }

    [Fact]
    public async Task Exists_TrueAndFalse_SelectByPresence()
    {
        var rig = new MessagingRig();
        var (present, _) = rig.Subscribe(RecordedPolicy("test_exists_filter_policy", "subscription-attributes-policy-1"));
        var (absent, _) = rig.Subscribe(RecordedPolicy("test_exists_filter_policy", "subscription-attributes-policy-2"));

        rig.Publish("message-1", ("store", "Number", "99"), ("def", "Number", "99"));
        rig.Publish("message-2", ("attr1", "Number", "111"));

        Assert.Equal(["message-1"], (await rig.DrainAsync(present)).Select(m => JsonDocument.Parse(m.Body).RootElement.GetProperty("Message").GetString()));
        Assert.Equal(["message-2"], (await rig.DrainAsync(absent)).Select(m => JsonDocument.Parse(m.Body).RootElement.GetProperty("Message").GetString()));
    }

    [Fact]
    public async Task StringArrayAttribute_MatchesAnyElement()
    {
        var rig = new MessagingRig();
        var (queue, _) = rig.Subscribe(RecordedPolicy("test_exists_filter_policy_attributes_array", "subscription-attributes-policy"), raw: true);

        rig.Publish("message-1", ("store", "String.Array", """["value1","value2"]"""));
        rig.Publish("message-2", ("store", "String", "value1"));
        rig.Publish("message-3", ("store", "String.Array", """["value3"]"""));

        var recorded = RecordedBodies("test_exists_filter_policy_attributes_array", "messages-1")
            .Concat(RecordedBodies("test_exists_filter_policy_attributes_array", "messages-2"));
        Assert.Equal(recorded, (await rig.DrainAsync(queue)).Select(m => m.Body));
    }

    [Fact]
    public async Task BodyScope_DottedKeysAndNestedObjects_AreTheSamePath()
    {
        var rig = new MessagingRig();
        var (queue, subscription) = rig.Subscribe("""{"object.nested": ["string.value"]}""", scope: "MessageBody");

        foreach (var m in new[] { """{"object": {"nested": "string.value"}}""", """{"object.nested": "string.value"}""", """{"object": {"nested": "test-auto"}}""" })
        {
            rig.Publish(m);
        }
        var nested = (await rig.DrainAsync(queue)).Select(m => JsonDocument.Parse(m.Body).RootElement.GetProperty("Message").GetString()!).ToList();
        rig.Sns.SetSubscriptionAttribute(subscription, "FilterPolicy", """{"object.nested.test": ["string.value"]}""");
        foreach (var m in new[] { """{"object": {"nested": {"test": "string.value"}}}""", """{"object.nested.test": "string.value"}""",
            """{"object.nested": {"test": "string.value"}}""", """{"object": {"nested.test": "string.value"}}""", """{"object": {"nested": {"test": "string.notvalue"}}}""" })
        {
            rig.Publish(m);
        }
        var deep = (await rig.DrainAsync(queue)).Select(m => JsonDocument.Parse(m.Body).RootElement.GetProperty("Message").GetString()!).ToList();

        var test = "test_filter_policy_on_message_body_dot_attribute";
        Assert.Equal(new[] { "recv-nested-msg-0", "recv-nested-msg-1" }.Select(e => RecordedSnapshots.Test(s_snapshot, test).GetProperty(e).GetProperty("Messages")[0].GetProperty("Body").GetProperty("Message").GetString()), nested);
        Assert.Equal(Enumerable.Range(0, 4).Select(i => RecordedSnapshots.Test(s_snapshot, test).GetProperty($"recv-deep-nested-msg-{i}").GetProperty("Messages")[0].GetProperty("Body").GetProperty("Message").GetString()), deep);
    }

    [Fact]
    public async Task BodyScope_ArrayValues_MatchWhenAnyElementMatches()
    {
        var rig = new MessagingRig();
        var (queue1, _) = rig.Subscribe("""{"headers": {"route-to": ["queue1"]}}""", scope: "MessageBody", raw: true);
        var (queue2, _) = rig.Subscribe("""{"headers": {"route-to": ["queue2"]}}""", scope: "MessageBody", raw: true);

        foreach (var m in new[] { """{"headers": {"route-to": ["queue3"]}}""", """{"headers": {"route-to": ["queue1"]}}""",
            """{"headers": {"route-to": ["queue2"]}}""", """{"headers": {"route-to": ["queue1", "queue2"]}}""" })
        {
            rig.Publish(m);
        }

        var test = "test_filter_policy_on_message_body_array_attributes";
        Assert.Equal(RecordedBodies(test, "messages-queue-0").Select(Canonical).Order(), (await rig.DrainAsync(queue1)).Select(m => Canonical(m.Body)).Order());
        Assert.Equal(RecordedBodies(test, "messages-queue-1").Select(Canonical).Order(), (await rig.DrainAsync(queue2)).Select(m => Canonical(m.Body)).Order());
    }

    [Fact]
    public async Task BodyScope_ArraysOfObjects_MatchNestedKeys()
    {
        var rig = new MessagingRig();
        var (queue, _) = rig.Subscribe("""{"Records": {"s3": {"object": {"key": [{"prefix": "auto-"}]}}, "eventName": [{"prefix": "ObjectCreated:"}]}}""", scope: "MessageBody", raw: true);
        string Event(string name, string key) =>
            $$$$"""{"Records": [{"eventSource": "aws:s3", "eventTime": "2022-11-21T03:41:29.743Z", "eventName": "{{{{name}}}}", "s3": {"bucket": {"name": "insurance-bucket-demo", "arn": "arn:aws:s3:::insurance-bucket-demo"}, "object": {"key": "{{{{key}}}}", "size": 17}}}]}""";
        var multiple = """{"Records": [{"eventSource": "aws:s3", "eventName": "ObjectCreated:Put", "s3": {"object": [[{"key": "auto-insurance-2314.xml", "size": 17}]]}}, {"eventSource": "aws:s3", "eventName": "ObjectRemoved:Delete", "s3": {"object": {"key": "home-insurance-2314.xml", "size": 17}}}]}""";

        rig.Publish(multiple);
        rig.Publish(Event("ObjectRemoved:Delete", "auto-insurance-2314.xml"));
        rig.Publish(Event("ObjectCreated:Put", "home-insurance-2314.xml"));
        rig.Publish(Event("ObjectCreated:Put", "auto-insurance-2314.xml"));

        var received = (await rig.DrainAsync(queue)).Select(m => JsonDocument.Parse(m.Body).RootElement.GetProperty("Records")[0].GetProperty("s3").GetProperty("object").GetRawText()).ToList();
        var recorded = RecordedBodies("test_filter_policy_on_message_body_array_of_object_attributes", "messages");
        Assert.Equal(recorded.Count, received.Count);
        Assert.Equal(2, received.Count);
    }

    [Fact]
    public async Task BodyScope_OrAtTwoLevels_DeliversTheRecordedFive()
    {
        var rig = new MessagingRig();
        var (queue, _) = rig.Subscribe("""
            {"$or": [{"metricName": ["CPUUtilization", "ReadLatency"]}, {"namespace": ["AWS/EC2", "AWS/ES"]}],
             "detail": {"scope": ["Service"], "$or": [{"source": ["aws.cloudwatch"]}, {"type": ["CloudWatch Alarm State Change"]}]}}
            """, scope: "MessageBody", raw: true);
        string[] messages =
        [
            """{"metricName": "CPUUtilization", "detail": {"scope": "aws.cloudwatch", "type": "CloudWatch Alarm State Change"}}""",
            """{"metricName": "CPUUtilization", "detail": {"scope": "Service", "type": "CPUUtilization"}}""",
            """{"metricName": "CPUUtilization", "detail": {"type": "CloudWatch Alarm State Change"}}""",
            """{"metricName": "CPUUtilization", "detail": {"scope": "Service"}}""",
            """{"metricName": "CPUUtilization", "scope": "Service"}""",
            """{"metricName": "CPUUtilization", "detail": {"scope": "Service", "source": "aws.cloudwatch"}}""",
            """{"metricName": "ReadLatency", "detail": {"scope": "Service", "source": "aws.cloudwatch"}}""",
            """{"namespace": "AWS/EC2", "detail": {"scope": "Service", "source": "aws.cloudwatch"}}""",
            """{"namespace": "AWS/ES", "detail": {"scope": "Service", "source": "aws.cloudwatch"}}""",
            """{"metricName": "CPUUtilization", "detail": {"scope": "Service", "type": "CloudWatch Alarm State Change"}}""",
            """{"metricName": "AWS/EC2", "detail": {"scope": "Service", "type": "CloudWatch Alarm State Change"}}""",
            """{"namespace": "CPUUtilization", "detail": {"scope": "Service", "type": "CloudWatch Alarm State Change"}}""",
        ];
        foreach (var m in messages)
        {
            rig.Publish(m);
        }

        var recorded = RecordedBodies("test_filter_policy_on_message_body_or_attribute", "messages-queue").Select(Canonical).Order();
        Assert.Equal(recorded, (await rig.DrainAsync(queue)).Select(m => Canonical(m.Body)).Order());
    }

    [Theory]
    [InlineData("""{"k":["v"]}""", "v", true)]
    [InlineData("""{"k":["v"]}""", "w", false)]
    [InlineData("""{"k":[{"prefix":"ord"}]}""", "order.placed", true)]
    [InlineData("""{"k":[{"suffix":"placed"}]}""", "order.placed", true)]
    [InlineData("""{"k":[{"suffix":"placed"}]}""", "order.rejected", false)]
    [InlineData("""{"k":[{"equals-ignore-case":"ORDER"}]}""", "order", true)]
    [InlineData("""{"k":[{"anything-but":["a","b"]}]}""", "c", true)]
    [InlineData("""{"k":[{"anything-but":["a","b"]}]}""", "a", false)]
    [InlineData("""{"k":[{"anything-but":{"prefix":"sluice."}}]}""", "sluice.ingest.rejected", false)]
    [InlineData("""{"k":[{"anything-but":{"prefix":"sluice."}}]}""", "order.placed", true)]
    [InlineData("""{"k":[{"anything-but":{"equals-ignore-case":"X"}}]}""", "x", false)]
    [InlineData("""{"k":[{"cidr":"10.0.0.0/24"}]}""", "10.0.0.255", true)]
    [InlineData("""{"k":[{"cidr":"10.0.0.0/24"}]}""", "10.0.1.0", false)]
    [InlineData("""{"k":[{"cidr":"2001:db8:1234:1a00::/64"}]}""", "2001:0db8:1234:1a00:0000:0000:0000:0000", true)]
    [InlineData("""{"k":[{"exists":false}]}""", "v", false)]
    public void StringOperators_MatchAsAwsDocuments(string policy, string value, bool expected)
    {
        var parsed = Sluice.LocalCloud.Sns.FilterPolicy.Parse(policy);
        var attributes = new Dictionary<string, Sluice.LocalCloud.Sns.SnsAttributeValue> { ["k"] = new("String", value, null) };

        Assert.Equal(expected, parsed.Matches(Sluice.LocalCloud.Sns.FilterPolicyScope.Attributes(attributes)));
    }

    [Theory]
    [InlineData("""{"n":[{"numeric":["=",5]}]}""", "5.0", true)]
    [InlineData("""{"n":[{"numeric":[">=",5,"<",6]}]}""", "6", false)]
    [InlineData("""{"n":[{"numeric":["<=",0]}]}""", "-1e2", true)]
    [InlineData("""{"n":[5]}""", "5", true)]
    [InlineData("""{"n":["5"]}""", "5", false)]
    [InlineData("""{"n":[{"anything-but":[5]}]}""", "6", true)]
    // Five digits after the decimal point, SNS's documented accuracy: closer values are the same number.
    [InlineData("""{"n":[{"numeric":["=",0.000001]}]}""", "0.000004", true)]
    [InlineData("""{"n":[{"numeric":["=",0.000001]}]}""", "0.00001", false)]
    [InlineData("""{"n":[{"numeric":[">",100.000001]}]}""", "100.000004", false)]
    [InlineData("""{"n":[{"numeric":[">",100.000001]}]}""", "100.00001", true)]
    [InlineData("""{"n":[1.000001]}""", "1.000002", true)]
    [InlineData("""{"n":[{"anything-but":[2.5]}]}""", "2.500001", false)]
    public void NumericConditions_CompareNumberAttributesAsNumbers(string policy, string value, bool expected)
    {
        var parsed = Sluice.LocalCloud.Sns.FilterPolicy.Parse(policy);
        var attributes = new Dictionary<string, Sluice.LocalCloud.Sns.SnsAttributeValue> { ["n"] = new("Number", value, null) };

        Assert.Equal(expected, parsed.Matches(Sluice.LocalCloud.Sns.FilterPolicyScope.Attributes(attributes)));
    }
}
