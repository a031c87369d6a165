namespace Sluice.LocalCloud.Lambda;

/// <summary>
/// An event source mapping as the template declares it (a SAM <c>Events</c> entry of type Kinesis
/// or SQS, or an <c>AWS::Lambda::EventSourceMapping</c>), resolved. Nulls mean "AWS's default".
/// </summary>
internal sealed record EventSourceMappingDefinition(
    string Uuid,
    string FunctionName,
    string EventSourceArn,
    bool Enabled,
    int? BatchSize,
    int? MaximumBatchingWindowInSeconds,
    string? StartingPosition,
    DateTimeOffset? StartingPositionTimestamp,
    int? ParallelizationFactor,
    bool? BisectBatchOnFunctionError,
    int? MaximumRetryAttempts,
    int? MaximumRecordAgeInSeconds,
    IReadOnlyList<string> FunctionResponseTypes,
    string? OnFailureDestinationArn,
    int? ScalingMaximumConcurrency);
