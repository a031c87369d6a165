namespace Sluice.LocalCloud.Sqs;

/// <summary>ReceiveMessage's parameters; null means "the queue's setting".</summary>
internal sealed record SqsReceiveRequest
{
    public int MaxNumberOfMessages { get; init; } = 1;

    public int? VisibilityTimeout { get; init; }

    public int? WaitTimeSeconds { get; init; }

    /// <summary>System attribute names to return (<c>All</c> for every one).</summary>
    public IReadOnlyList<string> AttributeNames { get; init; } = [];

    /// <summary>Message attribute names or <c>prefix.*</c> patterns (<c>All</c> or <c>.*</c> for every one).</summary>
    public IReadOnlyList<string> MessageAttributeNames { get; init; } = [];
}
