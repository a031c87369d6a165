using System.Text.Json;
using Sluice.LocalCloud.Protocol;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Sns;

/// <summary>Bad filter policies get AWS's own messages, as recorded against AWS.</summary>
public sealed class FilterPolicyValidationTests
{
    private static readonly JsonElement s_snapshot = RecordedSnapshots.Load("sns/test_sns_filter_policy.snapshot.json");

    /// <summary>Every recorded validation error whose message quotes the policy AWS was given.</summary>
    public static TheoryData<string, string, string> RecordedErrors()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var test in s_snapshot.EnumerateObject().Where(t => t.Name.Contains("TestSNSFilterPolicyConditions", StringComparison.Ordinal)))
        {
            foreach (var recorded in test.Value.GetProperty("recorded-content").EnumerateObject())
            {
                var message = recorded.Value.GetProperty("Error").GetProperty("Message").GetString()!;
                const string Marker = "\n at [Source: (String)\"";
                var at = message.IndexOf(Marker, StringComparison.Ordinal);
                if (at < 0)
                {
                    continue;
                }
                var policyStart = at + Marker.Length;
                var policy = message[policyStart..message.LastIndexOf("\"; line:", StringComparison.Ordinal)];
                data.Add(recorded.Name, policy, message);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RecordedErrors))]
    public void Subscribe_RecordedBadPolicy_FailsWithAwsMessageAndPosition(string caseName, string policy, string expected)
    {
        var rig = new MessagingRig();
        var queue = rig.Sqs.CreateQueue("q-" + caseName, null, null);

        var error = Assert.Throws<AwsServiceException>(() => rig.Sns.Subscribe(rig.TopicArn, "sqs", "arn:aws:sqs:us-east-1:000000000000:q-" + caseName,
            new Dictionary<string, string> { ["FilterPolicy"] = policy }));

        Assert.NotNull(queue);
        Assert.Equal("InvalidParameter", error.Code);
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void RecordedErrors_CoverEveryOperatorFamily() =>
        Assert.True(RecordedErrors().Count >= 30, $"only {RecordedErrors().Count} recorded cases found");

    [Theory]
    [InlineData("sub-filter-policy-nested-error-too-many-combinations",
        """{"key_a": {"key_b": {"key_c": ["value_one", "value_two", "value_three", "value_four"]}}, "key_d": {"key_e": ["value_one", "value_two", "value_three"]}, "key_f": ["value_one", "value_two", "value_three"]}""")]
    [InlineData("sub-filter-policy-max-attr-keys",
        """{"key_a": ["value_one"], "key_b": ["value_two"], "key_c": ["value_three"], "key_d": ["value_four"], "key_e": ["value_five"], "key_f": ["value_six"]}""")]
    public void SetSubscriptionAttributes_PolicyOverLimits_FailsWithAwsMessage(string recordedCase, string policy)
    {
        var expected = RecordedSnapshots.Test(s_snapshot, "test_sub_filter_policy_nested_property_constraints")
            .GetProperty(recordedCase).GetProperty("Error").GetProperty("Message").GetString();
        var rig = new MessagingRig();
        var (_, subscription) = rig.Subscribe(scope: "MessageBody");

        var error = Assert.Throws<AwsServiceException>(() => rig.Sns.SetSubscriptionAttribute(subscription, "FilterPolicy", policy));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void SetSubscriptionAttributes_RuleNotInAList_FailsWithAwsMessage()
    {
        var rig = new MessagingRig();
        var (_, subscription) = rig.Subscribe(scope: "MessageBody");

        var expected = RecordedSnapshots.Test(s_snapshot, "test_sub_filter_policy_nested_property_constraints")
            .GetProperty("sub-filter-policy-rule-no-list").GetProperty("Error").GetProperty("Message").GetString();

        var error = Assert.Throws<AwsServiceException>(() => rig.Sns.SetSubscriptionAttribute(subscription, "FilterPolicy", """{"key_a":"value_one"}"""));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void SetSubscriptionAttributes_NestedPolicyWithAttributeScope_FailsWithAwsMessage()
    {
        var recorded = RecordedSnapshots.Test(s_snapshot, "test_sub_filter_policy_nested_property");
        var rig = new MessagingRig();
        var (_, subscription) = rig.Subscribe();

        var error = Assert.Throws<AwsServiceException>(() =>
            rig.Sns.SetSubscriptionAttribute(subscription, "FilterPolicy", """{"object": {"key": [{"prefix": "auto-"}]}}"""));
        rig.Sns.SetSubscriptionAttribute(subscription, "FilterPolicyScope", "MessageBody");
        rig.Sns.SetSubscriptionAttribute(subscription, "FilterPolicy", """{"object": {"key": [{"prefix": "auto-"}]}}""");

        Assert.Equal(recorded.GetProperty("sub-filter-policy-nested-error").GetProperty("Error").GetProperty("Message").GetString(), error.Message);
        Assert.Equal("MessageBody", rig.Sns.GetSubscriptionAttributes(subscription)["FilterPolicyScope"]);
    }

    [Fact]
    public void SetSubscriptionAttributes_UnknownScope_FailsWithAwsMessage()
    {
        var recorded = RecordedSnapshots.Test(s_snapshot, "test_set_subscription_filter_policy_scope");
        var rig = new MessagingRig();
        var (_, subscription) = rig.Subscribe();

        var error = Assert.Throws<AwsServiceException>(() => rig.Sns.SetSubscriptionAttribute(subscription, "FilterPolicyScope", "RandomValue"));

        Assert.Equal(recorded.GetProperty("sub-attrs-filter-scope-error").GetProperty("Error").GetProperty("Message").GetString(), error.Message);
    }

    [Theory]
    [InlineData("""{"ip":[{"cidr":"bad-filter"}]}""", "Malformed CIDR, one '/' required")]
    [InlineData("""{"ip":[{"cidr":"bad-filter/"}]}""", "Nonstandard IP address: bad-filter")]
    [InlineData("""{"ip":[{"cidr":"10.0.0.0/xx"}]}""", "Malformed CIDR, mask bits must be an integer")]
    [InlineData("""{"ip":[{"cidr":"xx.11.xx/8"}]}""", "Nonstandard IP address: xx.11.xx")]
    [InlineData("""{"ip":[{"cidr":"xxxx:db8:1234:1a00::/64"}]}""", "Nonstandard IP address: xxxx:db8:1234:1a00::")]
    public void Subscribe_MalformedCidr_FailsWithAwsWording(string policy, string reason)
    {
        var rig = new MessagingRig();
        rig.Sqs.CreateQueue("cidr", null, null);

        var error = Assert.Throws<AwsServiceException>(() => rig.Sns.Subscribe(rig.TopicArn, "sqs", "arn:aws:sqs:us-east-1:000000000000:cidr",
            new Dictionary<string, string> { ["FilterPolicy"] = policy }));

        Assert.Equal("Invalid parameter: Attributes Reason: FilterPolicy: " + reason, error.Message);
    }
}
