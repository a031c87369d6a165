using Sluice.LocalCloud.Hosting;

namespace Sluice.TestSupport;

/// <summary>
/// A function's native AOT <c>bootstrap</c> (<c>dotnet publish -c Release</c> for the host's Linux
/// runtime, as <c>sam build</c> does), through the local cloud's publish cache: the bootstrap tests and
/// the local cloud's Lambda run the same file, published once per source change rather than once per
/// test project. Parallel test processes wait on the cache's lock instead of publishing twice.
/// </summary>
public static class FunctionPublisher
{
    private static readonly Dictionary<string, Task<string>> s_published = [];

    /// <summary>The bootstrap of <c>src/&lt;function&gt;</c>, published on first use.</summary>
    public static Task<string> PublishAsync(string function)
    {
        lock (s_published)
        {
            if (!s_published.TryGetValue(function, out var task))
            {
                task = FunctionBootstrap.PublishAsync(RepositoryRoot.Directory, Path.Combine("src", function));
                s_published[function] = task;
            }

            return task;
        }
    }
}
