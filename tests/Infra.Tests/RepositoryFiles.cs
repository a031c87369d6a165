namespace Sluice.Infra.Tests;

/// <summary>The files under test, read from the repository checkout the tests were built from.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string RootDirectory => Root.Value;

    public static string PathOf(string relativePath) =>
        Path.GetFullPath(Path.Combine(RootDirectory, relativePath));

    public static string Read(string relativePath) => File.ReadAllText(PathOf(relativePath));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sluice.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No Sluice.slnx above {AppContext.BaseDirectory}: the infra tests read the repository's files.");
    }
}
