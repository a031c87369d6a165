namespace Sluice.Cli.Connection;

/// <summary>What a named profile of the shared config and credentials files supplies.</summary>
internal sealed record AwsProfile(string Name, string? AccessKeyId, string? SecretAccessKey, string? SessionToken, string? Region);
