namespace Sluice.Shared.Aws.CloudFormation;

/// <summary>One page of a listing; <see cref="NextToken"/> asks for the next one (null on the last).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextToken);
