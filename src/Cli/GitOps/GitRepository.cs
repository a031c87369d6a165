namespace Sluice.Cli.GitOps;

/// <summary>One commit as the record shows it.</summary>
internal sealed record CommitInfo(string Sha, string Author, string Message)
{
    public string Short => Sha[..Math.Min(8, Sha.Length)];
}

/// <summary>
/// The watched repository through git: a bare mirror in the state folder, fetched from the source
/// (a path or a URL) on each poll, and clean checkouts of single commits made from it.
/// </summary>
internal sealed class GitRepository(string source, string mirror)
{
    private static readonly Dictionary<string, string?> s_quiet = new(StringComparer.Ordinal) { ["GIT_TERMINAL_PROMPT"] = "0" };

    public string Source => source;

    /// <summary>Fetches <paramref name="branch"/> into the mirror and returns its head commit.</summary>
    public async Task<string> FetchAsync(string branch, CancellationToken cancellationToken)
    {
        await CheckBranchAsync(branch, cancellationToken).ConfigureAwait(false);
        if (!Directory.Exists(mirror))
        {
            Directory.CreateDirectory(mirror);
            var init = await GitAsync(mirror, cancellationToken, "init", "--quiet", "--bare").ConfigureAwait(false);
            Check(init, "git init");
        }
        var fetch = await GitAsync(mirror, cancellationToken, "fetch", "--quiet", "--force", source, $"+refs/heads/{branch}:refs/heads/{branch}").ConfigureAwait(false);
        Check(fetch, "git fetch");
        return (await RevParseAsync($"refs/heads/{branch}", cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Refuses, with one line, a source git cannot read or a branch it does not have; changes nothing.</summary>
    public async Task CheckBranchAsync(string branch, CancellationToken cancellationToken)
    {
        var remote = await GitAsync(Path.GetTempPath(), cancellationToken, "ls-remote", "--heads", source, branch).ConfigureAwait(false);
        if (!remote.Succeeded)
        {
            throw new CliException($"'{source}' is not a Git repository git can read: {remote.LastLine}");
        }
        if (!remote.Lines.Any(l => l.EndsWith("refs/heads/" + branch, StringComparison.Ordinal)))
        {
            throw new CliException($"branch '{branch}' does not exist in {source}");
        }
    }

    /// <summary>The commits after <paramref name="since"/> up to <paramref name="head"/> along the first parent, oldest first; just the head when nothing was seen yet.</summary>
    public async Task<IReadOnlyList<string>> NewCommitsAsync(string? since, string head, CancellationToken cancellationToken)
    {
        if (since is null)
        {
            return [head];
        }
        if (since == head)
        {
            return [];
        }
        var list = await GitAsync(mirror, cancellationToken, "rev-list", "--first-parent", "--reverse", $"{since}..{head}").ConfigureAwait(false);
        // A force-pushed branch no longer contains the last commit seen: its head is what to deploy.
        return list.Succeeded ? list.Lines.Where(l => l.Length > 0).ToList() : [head];
    }

    public async Task<CommitInfo> DescribeAsync(string sha, CancellationToken cancellationToken)
    {
        var log = await GitAsync(mirror, cancellationToken, "log", "-1", "--format=%H%x1f%an <%ae>%x1f%s", sha).ConfigureAwait(false);
        Check(log, "git log");
        var parts = log.Lines[0].Split('\x1f');
        return new CommitInfo(parts[0], parts[1], parts.Length > 2 ? parts[2] : "");
    }

    /// <summary>The full commit id of a revision, or null when the mirror does not know it.</summary>
    public async Task<string?> RevParseAsync(string revision, CancellationToken cancellationToken)
    {
        var parse = await GitAsync(mirror, cancellationToken, "rev-parse", "--verify", "--quiet", revision + "^{commit}").ConfigureAwait(false);
        return parse.Succeeded ? parse.Lines[0].Trim() : null;
    }

    /// <summary>
    /// What decides a commit's build output: the tree of everything but the folders and files that
    /// no build reads (docs, tests, benchmarks, load tests, CI workflows, Markdown). Two commits with
    /// the same key build the same artifacts.
    /// </summary>
    public async Task<string> BuildKeyAsync(string sha, CancellationToken cancellationToken)
    {
        var tree = await GitAsync(mirror, cancellationToken, "ls-tree", sha).ConfigureAwait(false);
        Check(tree, "git ls-tree");
        var inputs = tree.Lines
            .Select(l => (Entry: l, Name: l[(l.IndexOf('\t') + 1)..]))
            .Where(e => !s_notBuilt.Contains(e.Name) && !e.Name.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
            .Select(e => e.Entry);
        var bytes = System.Text.Encoding.UTF8.GetBytes(string.Join('\n', inputs));
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))[..16];
    }

    private static readonly HashSet<string> s_notBuilt = new(StringComparer.Ordinal) { "docs", "tests", "benchmarks", "loadtest", ".github", ".ci" };

    /// <summary>A clean checkout of one commit in <paramref name="folder"/> (a detached worktree of the mirror).</summary>
    public async Task CheckoutAsync(string sha, string folder, CancellationToken cancellationToken)
    {
        if (Directory.Exists(folder))
        {
            await RemoveCheckoutAsync(folder, cancellationToken).ConfigureAwait(false);
        }
        var add = await GitAsync(mirror, cancellationToken, "worktree", "add", "--quiet", "--detach", "--force", folder, sha).ConfigureAwait(false);
        Check(add, "git worktree add");
    }

    public async Task RemoveCheckoutAsync(string folder, CancellationToken cancellationToken)
    {
        await GitAsync(mirror, cancellationToken, "worktree", "remove", "--force", folder).ConfigureAwait(false);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        await GitAsync(mirror, cancellationToken, "worktree", "prune").ConfigureAwait(false);
    }

    public static Task<ChildResult> GitAsync(string workingDirectory, CancellationToken cancellationToken, params string[] arguments) =>
        ChildCommand.RunAsync("git", arguments, workingDirectory, s_quiet, null, cancellationToken);

    private static void Check(ChildResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new CliException($"{what} failed: {result.LastLine}");
        }
    }
}
