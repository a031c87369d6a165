namespace Sluice.LocalCloud.Lambda;

/// <summary>Settings of the local Lambda service; the defaults suit a laptop and fast tests.</summary>
internal sealed record LambdaOptions
{
    /// <summary>The repository the function projects live in (holds <c>Sluice.slnx</c> and <c>src/Shared</c>).</summary>
    public required string RepositoryRoot { get; init; }

    public string Region { get; init; } = "us-east-1";

    /// <summary>The partition of the region, in every ARN the service makes.</summary>
    public string Partition => Hosting.AwsPartitions.Of(Region);

    public string AccountId { get; init; } = "000000000000";

    /// <summary>Where published bootstraps are cached by source hash; default <c>artifacts/localcloud</c> under the repository.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>
    /// How many execution environments may run at once across all functions (AWS's account limit is
    /// 1,000; each environment here is a process of 10-15 MiB resident, so the default is smaller).
    /// 128 keeps the whole pipeline flowing under a load test: with 32, a burst of executions held
    /// every environment for the Orchestrator and the Processor waited (2,000 orders: 103 records/s
    /// to started executions with 32, 343 with 96, see docs/local-cloud-lambda.md).
    /// </summary>
    public int AccountConcurrency { get; init; } = 128;

    /// <summary>
    /// Execution environments starting (process spawn and init) at once, across all functions. On AWS
    /// inits run on their own hardware; here they share the host's cores with everything else, so a
    /// burst that spawned a process per waiting invocation starved the running ones, which then needed
    /// still more environments (a cold 200 orders/s spiralled into throttling). An invocation waiting
    /// for an init slot takes its function's environment the moment one comes back idle.
    /// </summary>
    public int ConcurrentInits { get; init; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>How long a Kinesis shard reader waits after an empty GetRecords (AWS: about one second).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Waits before the two retries of a failed asynchronous (Event) invocation; AWS waits about 1 and 2 minutes.</summary>
    public IReadOnlyList<TimeSpan> AsyncRetryDelays { get; init; } = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    /// <summary>Backoff between retries of a failed event source batch (AWS backs off exponentially from about a second).</summary>
    public TimeSpan BatchRetryDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The clock record ages are measured on: the host's, so tests can age records.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Init phase limit, as AWS's 10 seconds for on-demand functions.</summary>
    public TimeSpan InitTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Lines of function output kept per function.</summary>
    public int LogLinesPerFunction { get; init; } = 20_000;

    public string CacheRoot => CacheDirectory ?? Path.Combine(RepositoryRoot, "artifacts", "localcloud");

    /// <summary>The repository above the current directory, or the current directory if none.</summary>
    public static string FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sluice.slnx")))
            {
                return dir.FullName;
            }
        }
        return start;
    }
}
