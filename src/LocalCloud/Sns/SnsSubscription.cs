namespace Sluice.LocalCloud.Sns;

/// <summary>A confirmed subscription; its filter is parsed once, when set.</summary>
internal sealed class SnsSubscription(string arn, string topicArn, string protocol, string endpoint)
{
    public object Gate { get; } = new();

    public string Arn { get; } = arn;

    public string TopicArn { get; } = topicArn;

    public string Protocol { get; } = protocol;

    public string Endpoint { get; } = endpoint;

    public bool RawMessageDelivery { get; set; }

    public string? FilterPolicyJson { get; set; }

    public FilterPolicy? FilterPolicy { get; set; }

    /// <summary><c>MessageAttributes</c> (the default) or <c>MessageBody</c>.</summary>
    public string FilterPolicyScope { get; set; } = "MessageAttributes";

    public Dictionary<string, string> OtherAttributes { get; } = new(StringComparer.Ordinal);

    /// <summary>Where a message goes that the endpoint cannot take (the RedrivePolicy's deadLetterTargetArn).</summary>
    public string? DeadLetterTargetArn { get; set; }
}
