namespace Sluice.Cli.Up;

/// <summary>What `up` (and `demo`) start: the template, the port (0 = any free one) and parameter overrides.</summary>
internal sealed record UpSettings(string TemplatePath, int Port, IReadOnlyDictionary<string, string> Parameters, string StackName)
{
    /// <summary>Closed executions whose history the local Step Functions keeps.</summary>
    public int ExecutionHistories { get; init; } = Asl.AslEngineOptions.DefaultRetainedExecutionHistories;

    /// <summary>Where the local cloud keeps what it acknowledges across restarts; null keeps everything in memory (`--ephemeral`, `demo`).</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Start the local cloud with no stack (`up --no-stack`), for a pipeline to deploy into.</summary>
    public bool NoStack { get; init; }
}
