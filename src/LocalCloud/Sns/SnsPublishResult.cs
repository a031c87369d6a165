namespace Sluice.LocalCloud.Sns;

/// <summary>What Publish answers.</summary>
internal sealed record SnsPublishResult(string MessageId, string? SequenceNumber);
