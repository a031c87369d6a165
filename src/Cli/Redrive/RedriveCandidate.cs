namespace Sluice.Cli.Redrive;

/// <summary>An execution to redrive: its ARN, name and status when it was found.</summary>
internal sealed record RedriveCandidate(string ExecutionArn, string Name, string Status, DateTimeOffset StartDate);
