namespace Sluice.TestSupport;

/// <summary>The repository checkout the tests were built from (the directory holding Sluice.slnx).</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> s_root = new(Find);

    public static string Directory => s_root.Value;

    /// <summary>A path under the repository root, from its parts (e.g. "infra", "template.yaml").</summary>
    public static string PathOf(params string[] parts) => Path.GetFullPath(Path.Combine([Directory, .. parts]));

    public static string Read(string relativePath) => File.ReadAllText(PathOf(relativePath));

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sluice.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Sluice.slnx above {AppContext.BaseDirectory}: the tests read and build the repository they were built from.");
    }
}
