using System.Diagnostics;
using Sluice.Shared.Aws;
using Sluice.Shared.Aws.CloudFormation;

namespace Sluice.Cli.GitOps;

/// <summary>
/// The reconciler: takes each new commit of the watched branch, builds and packages it once from a
/// clean checkout with the repository's own stage commands, deploys that one packaged template to
/// the stages in order through CloudFormation change sets, runs the smoke test on each, and stops at
/// the first stage that fails (rolled back to its last good revision) or that waits for approval.
/// </summary>
internal sealed partial class GitOpsPipeline(GitOpsState state, WatchSettings settings, CloudFormationClient cloudFormation, AwsClientOptions aws, Action<string> say)
{
    private static readonly TimeSpan s_stackTimeout = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(500);

    private readonly GitRepository _git = new(settings.Repo, state.Mirror);

    public GitOpsState State => state;

    public WatchSettings Settings => settings;

    public string StackName(string stage) => $"{settings.Application}-{stage}";

    /// <summary>Fetches the branch and takes up every commit not seen yet; returns how many.</summary>
    public async Task<int> SyncAsync(CancellationToken cancellationToken)
    {
        var head = await _git.FetchAsync(settings.Branch, cancellationToken).ConfigureAwait(false);
        var commits = await _git.NewCommitsAsync(settings.LastSeen, head, cancellationToken).ConfigureAwait(false);
        foreach (var sha in commits)
        {
            await RunCommitAsync(sha, cancellationToken).ConfigureAwait(false);
            settings.LastSeen = sha;
            state.Save(settings);
        }
        return commits.Count;
    }

    /// <summary>One commit through the pipeline: build once, then stage after stage until one fails or waits.</summary>
    public async Task RunCommitAsync(string sha, CancellationToken cancellationToken)
    {
        var commit = await _git.DescribeAsync(sha, cancellationToken).ConfigureAwait(false);
        say($"commit {commit.Short} {commit.Message} ({commit.Author})");
        var artifact = await BuildAsync(commit, cancellationToken).ConfigureAwait(false);
        if (artifact is null)
        {
            return;
        }
        foreach (var stage in settings.Stages)
        {
            if (settings.Approval.Contains(stage, StringComparer.Ordinal))
            {
                await RequestApprovalAsync(stage, commit, cancellationToken).ConfigureAwait(false);
                return;
            }
            if (!await DeployAsync(stage, commit, null, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>The stage before <paramref name="stage"/> in the order, or null for the first.</summary>
    public string? PreviousStage(string stage)
    {
        var at = IndexOf(stage);
        return at > 0 ? settings.Stages[at - 1] : null;
    }

    public int IndexOf(string stage)
    {
        var at = settings.Stages.ToList().IndexOf(stage);
        return at >= 0 ? at : throw new CliException($"unknown stage '{stage}' (this pipeline's stages: {string.Join(", ", settings.Stages)})");
    }

    private void Record(LogEntry entry, CommitInfo? commit = null) =>
        state.Append(commit is null ? entry : entry with { Commit = commit.Sha, Author = commit.Author, Message = commit.Message });

    private async Task<CommitInfo> CommitAsync(string sha, CancellationToken cancellationToken) =>
        await _git.DescribeAsync(sha, cancellationToken).ConfigureAwait(false);

    private DateTimeOffset Now => aws.Clock.GetUtcNow();

    private static long Elapsed(Stopwatch watch) => (long)watch.Elapsed.TotalMilliseconds;

    /// <summary>The environment the repository's stage commands run in: the same endpoint, region and credentials as this command.</summary>
    private Dictionary<string, string?> StageEnvironment(string sha)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["APPLICATION_NAME"] = settings.Application,
            ["ARTIFACT_BUCKET"] = settings.ArtifactBucket,
            ["ARTIFACT_PREFIX"] = settings.Application,
            ["PACKAGED_TEMPLATE"] = state.PackagedTemplate(sha),
            ["AWS_REGION"] = aws.Region,
            ["AWS_DEFAULT_REGION"] = aws.Region,
            ["AWS_ACCESS_KEY_ID"] = aws.Credentials.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = aws.Credentials.SecretAccessKey,
            ["AWS_SESSION_TOKEN"] = aws.Credentials.SessionToken,
            ["AWS_PROFILE"] = null,
            ["AWS_PAGER"] = "",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };
        if (aws.EndpointUrl is { } endpoint)
        {
            environment["AWS_ENDPOINT_URL"] = endpoint.ToString().TrimEnd('/');
        }
        return environment;
    }
}
