using System.Text.RegularExpressions;

namespace Sluice.Infra.Tests;

/// <summary>The README and docs/ name repository files in backquotes (`src/...`, `docs/...`): each one exists.</summary>
public sealed partial class DocPathsTests
{
    private static readonly string[] s_topLevel = ["src/", "tests/", "docs/", "infra/", "statemachines/", "scripts/", "benchmarks/", "loadtest/", ".github/", ".ci/"];

    /// <summary>Made by a build or an install, so absent from a clone.</summary>
    private static readonly string[] s_generated = ["node_modules", "/bin/", "/obj/", "artifacts/", ".aws-sam"];

    public static TheoryData<string> Docs()
    {
        var docs = new TheoryData<string> { "README.md" };
        foreach (var path in Directory.GetFiles(RepositoryRoot.PathOf("docs"), "*.md").Order(StringComparer.Ordinal))
        {
            docs.Add("docs/" + Path.GetFileName(path));
        }
        return docs;
    }

    [Theory]
    [MemberData(nameof(Docs))]
    public void NamedPaths_InDoc_Exist(string doc)
    {
        var missing = Paths(RepositoryRoot.Read(doc))
            .Where(path => !File.Exists(RepositoryRoot.PathOf(path)) && !Directory.Exists(RepositoryRoot.PathOf(path)))
            .ToList();

        Assert.True(missing.Count == 0, $"{doc} names paths that do not exist: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Paths_MissingFile_Found()
    {
        Assert.Equal(["docs/no-such-page.md", "src/Cli"], Paths("see `docs/no-such-page.md` and `src/Cli`, not `dotnet test` or `src/*/Makefile`."));
    }

    /// <summary>Backquoted repository paths; patterns (with *, angle brackets, braces or $) and generated folders are skipped.</summary>
    private static List<string> Paths(string markdown) =>
        BackquotedToken().Matches(markdown)
            .Select(m => m.Groups[1].Value.TrimEnd('.', ',', ';', ':').Split('#')[0])
            .Where(token => s_topLevel.Any(token.StartsWith))
            .Where(token => token.IndexOfAny(['*', '<', '>', '{', '}', '$']) < 0)
            .Where(token => !s_generated.Any(token.Contains))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    [GeneratedRegex(@"`([^`\s]+)`")]
    private static partial Regex BackquotedToken();
}
