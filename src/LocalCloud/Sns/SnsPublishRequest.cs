namespace Sluice.LocalCloud.Sns;

/// <summary>One message to publish, as Publish and each PublishBatch entry carry it.</summary>
internal sealed record SnsPublishRequest(string? Message)
{
    public string? Subject { get; init; }

    public string? MessageStructure { get; init; }

    /// <summary>In the order the caller gave them (the envelope's order depends on it).</summary>
    public IReadOnlyDictionary<string, SnsAttributeValue> MessageAttributes { get; init; } = new Dictionary<string, SnsAttributeValue>();

    public string? MessageGroupId { get; init; }

    public string? MessageDeduplicationId { get; init; }
}
