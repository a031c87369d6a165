namespace Sluice.Shared.Aws.CloudFormation;

/// <summary>The change set's ARN and the stack's id (a CREATE change set makes the stack in REVIEW_IN_PROGRESS).</summary>
public sealed record CreateChangeSetResult(string Id, string? StackId);
