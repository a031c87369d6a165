using Sluice.Shared;

namespace Sluice.Cli.Up;

/// <summary>Native AOT links with the platform's C compiler; without one the first publish fails deep in MSBuild.</summary>
internal static class CToolchain
{
    private static readonly string[] s_compilers = ["gcc", "clang", "cc"];

    public const string Missing = "native AOT needs a C toolchain: apt-get install gcc zlib1g-dev";

    /// <summary>True when gcc, clang or cc is a file in a directory of the environment's PATH.</summary>
    public static bool IsOnPath(IEnvironmentVariables environment)
    {
        var path = environment.Get("PATH");
        if (string.IsNullOrEmpty(path))
        {
            return false;
        }
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (s_compilers.Any(c => File.Exists(Path.Combine(directory, c))))
            {
                return true;
            }
        }
        return false;
    }
}
