namespace Sluice.Shared.Aws;

/// <summary>
/// One message of an SNS PublishBatch. <paramref name="Id"/> is unique within the batch
/// (up to 80 of A-Z a-z 0-9 - _); attributes are String attributes (name to value).
/// </summary>
public sealed record PublishBatchRequestEntry(
    string Id,
    string Message,
    IReadOnlyDictionary<string, string>? MessageAttributes = null,
    string? MessageGroupId = null,
    string? MessageDeduplicationId = null)
{
    public string Id { get; } = string.IsNullOrEmpty(Id) ? throw new ArgumentException("A batch entry needs an Id.", nameof(Id)) : Id;

    public string Message { get; } = Message ?? throw new ArgumentNullException(nameof(Message));
}
