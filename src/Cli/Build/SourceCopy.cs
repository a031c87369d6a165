namespace Sluice.Cli.Build;

/// <summary>
/// The copy of a function's source folder that <c>sam build</c> builds in (its scratch directory),
/// so a build never writes into the source tree. SAM leaves out <c>.aws-sam</c> and <c>.git</c>;
/// this copy also leaves out every <c>bin</c> and <c>obj</c> folder, so a build starts from the
/// sources alone and never reuses another folder's intermediate output.
/// </summary>
internal static class SourceCopy
{
    private static readonly HashSet<string> s_excluded = new(StringComparer.Ordinal) { ".aws-sam", ".git", "bin", "obj" };

    /// <summary>Copies <paramref name="source"/> into <paramref name="destination"/>, skipping the excluded folders and <paramref name="skip"/> (the build folder, when it is inside the source).</summary>
    public static void Copy(string source, string destination, string skip)
    {
        Directory.CreateDirectory(destination);
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            var target = Path.Combine(destination, entry.Name);
            if (entry is DirectoryInfo directory)
            {
                if (s_excluded.Contains(entry.Name) || string.Equals(directory.FullName, skip, StringComparison.Ordinal) || directory.LinkTarget is not null)
                {
                    continue;
                }
                Copy(directory.FullName, target, skip);
            }
            else if (entry is FileInfo file && file.LinkTarget is null)
            {
                file.CopyTo(target);
            }
        }
    }
}
