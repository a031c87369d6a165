using System.Globalization;

namespace Sluice.LocalCloud.Hosting;

/// <summary>Settings of one local cloud host; the defaults are the ones local AWS tools expect.</summary>
public sealed record LocalCloudOptions
{
    /// <summary>The standalone host's command line, as <see cref="TryParse"/> reads it.</summary>
    public const string Usage = "usage: LocalCloud [--port <0-65535>] [--region <name>] [--no-kinesis-throttling] [--execution-histories <n>] [--data-dir <path>] [--data-sync normal|full] [--cors-origins <origin,...|*>]";

    /// <summary>0 picks a free port (tests).</summary>
    public int Port { get; init; } = 4566;

    /// <summary>The host's own region; requests signed for another region reach that region's services.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>The partition of <see cref="Region"/> (<c>aws</c>, <c>aws-cn</c>, <c>aws-us-gov</c>, ...), in every ARN the region's services make.</summary>
    public string Partition => AwsPartitions.Of(Region);

    /// <summary>The account in every ARN and queue URL the host makes.</summary>
    public string AccountId { get; init; } = "000000000000";

    /// <summary>Per-shard write limits (1 MiB/s, 1,000 records/s) as AWS enforces them; off for load tests.</summary>
    public bool KinesisThrottling { get; init; } = true;

    /// <summary>A shard iterator stays valid this long (AWS: 5 minutes).</summary>
    public TimeSpan ShardIteratorLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Closed Step Functions executions that keep their history; older ones release it (memory stays bounded).</summary>
    public int ExecutionHistories { get; init; } = Asl.AslEngineOptions.DefaultRetainedExecutionHistories;

    /// <summary>
    /// Where the host keeps what it acknowledged (a SQLite store, <c>localcloud.db</c>), so a restart on
    /// the same directory finds it again; null keeps everything in memory (ephemeral).
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>When the data directory's log reaches the disk: Normal survives a killed host, Full also a power loss.</summary>
    public Persistence.DurableSync DataSync { get; init; } = Persistence.DurableSync.Normal;

    /// <summary>Where S3 keeps object bodies; null uses a temporary directory deleted when the host is disposed.</summary>
    public string? S3BlobDirectory { get; init; }

    /// <summary>The Sluice clone whose functions' projects are built (and cached under its artifacts/localcloud); by default the one above the current directory.</summary>
    public string? RepositoryRoot { get; init; }

    /// <summary>How often event source mappings poll an empty stream or queue; null keeps the Lambda service's default.</summary>
    public TimeSpan? EventSourcePollInterval { get; init; }

    /// <summary>
    /// Browser origins (scheme://host[:port]) allowed besides the host's own pages; <c>*</c> allows any.
    /// A browser request from any other origin is refused.
    /// </summary>
    public IReadOnlyList<string> CorsOrigins { get; init; } = [];

    /// <summary>Time source of every service, so tests can move the clock.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>How long one minute of a CodeDeploy traffic shift (and of its alarms' periods) lasts here: a ten-minute canary takes ten of these.</summary>
    public TimeSpan DeploymentMinute { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Reads the standalone host's arguments (<see cref="Usage"/>); false with a one-line error on a bad or unknown one.</summary>
    public static bool TryParse(string[] args, out LocalCloudOptions options, out string error)
    {
        options = new LocalCloudOptions();
        error = "";
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--port" when i + 1 < args.Length:
                    if (!int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
                    {
                        error = $"--port must be a number from 0 to 65535, not '{args[i]}'";
                        return false;
                    }
                    options = options with { Port = port };
                    break;
                case "--region" when i + 1 < args.Length:
                    options = options with { Region = args[++i] };
                    break;
                case "--execution-histories" when i + 1 < args.Length:
                    if (!int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var histories))
                    {
                        error = $"--execution-histories must be a whole number, not '{args[i]}'";
                        return false;
                    }
                    options = options with { ExecutionHistories = histories };
                    break;
                case "--data-dir" when i + 1 < args.Length:
                    if (args[++i].Length == 0)
                    {
                        error = "--data-dir must name a directory";
                        return false;
                    }
                    options = options with { DataDirectory = Path.GetFullPath(args[i]) };
                    break;
                case "--data-sync" when i + 1 < args.Length:
                    switch (args[++i])
                    {
                        case "normal":
                            options = options with { DataSync = Persistence.DurableSync.Normal };
                            break;
                        case "full":
                            options = options with { DataSync = Persistence.DurableSync.Full };
                            break;
                        default:
                            error = $"--data-sync must be normal or full, not '{args[i]}'";
                            return false;
                    }
                    break;
                case "--cors-origins" when i + 1 < args.Length:
                    var origins = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    if (origins.FirstOrDefault(o => o != "*" && !(Uri.TryCreate(o, UriKind.Absolute, out var u) && u.AbsolutePath == "/" && u.Query.Length == 0)) is { } bad)
                    {
                        error = $"--cors-origins takes origins such as http://localhost:3000 (or *), not '{bad}'";
                        return false;
                    }
                    options = options with { CorsOrigins = [.. origins.Select(o => o.TrimEnd('/'))] };
                    break;
                case "--no-kinesis-throttling":
                    options = options with { KinesisThrottling = false };
                    break;
                default:
                    error = $"unknown or incomplete argument '{args[i]}'";
                    return false;
            }
        }
        return true;
    }
}
