using Sluice.LocalCloud.Lambda;
using Sluice.LocalCloud.Lambda.Runtime;

namespace Sluice.LocalCloud.Hosting;

/// <summary>
/// A function project's native AOT <c>bootstrap</c>, published into the local cloud's cache
/// (<c>artifacts/localcloud</c>, keyed by a hash of the sources): the same file the local Lambda runs,
/// so a tool or test that runs a function by itself and a local cloud running it share one publish.
/// </summary>
public static class FunctionBootstrap
{
    /// <summary>Publishes the project (a folder under <paramref name="repositoryRoot"/>) unless its sources are already published; returns the bootstrap's path.</summary>
    public static Task<string> PublishAsync(string repositoryRoot, string projectDirectory) =>
        new FunctionArtifacts(new LambdaOptions { RepositoryRoot = repositoryRoot }).BootstrapAsync(projectDirectory);
}
