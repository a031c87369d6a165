namespace Sluice.Shared.Aws.Sqs;

internal sealed class GetQueueAttributesResult
{
    public Dictionary<string, string>? Attributes { get; init; }
}
