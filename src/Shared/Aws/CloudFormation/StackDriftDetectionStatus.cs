namespace Sluice.Shared.Aws.CloudFormation;

/// <summary>How a DetectStackDrift run stands (DescribeStackDriftDetectionStatus).</summary>
public sealed record StackDriftDetectionStatus
{
    public required string StackId { get; init; }

    public required string StackDriftDetectionId { get; init; }

    /// <summary>DRIFTED, IN_SYNC, UNKNOWN or NOT_CHECKED; set once detection is complete.</summary>
    public string? StackDriftStatus { get; init; }

    /// <summary>DETECTION_IN_PROGRESS, DETECTION_COMPLETE or DETECTION_FAILED.</summary>
    public required string DetectionStatus { get; init; }

    public string? DetectionStatusReason { get; init; }

    public int? DriftedStackResourceCount { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    internal static StackDriftDetectionStatus FromXml(XmlNode result) => new()
    {
        StackId = result.Required("StackId", "CloudFormation DescribeStackDriftDetectionStatus result"),
        StackDriftDetectionId = result.Required("StackDriftDetectionId", "CloudFormation DescribeStackDriftDetectionStatus result"),
        StackDriftStatus = result.ChildText("StackDriftStatus"),
        DetectionStatus = result.Required("DetectionStatus", "CloudFormation DescribeStackDriftDetectionStatus result"),
        DetectionStatusReason = result.ChildText("DetectionStatusReason"),
        DriftedStackResourceCount = result.Int("DriftedStackResourceCount"),
        Timestamp = result.Time("Timestamp") ?? throw new InvalidDataException("CloudFormation DescribeStackDriftDetectionStatus result has no Timestamp."),
    };
}
