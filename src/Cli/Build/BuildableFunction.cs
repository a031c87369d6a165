namespace Sluice.Cli.Build;

/// <summary>
/// A function <c>sam build</c> builds with the makefile method: the folder copied for the build
/// (Metadata ProjectRootDirectory, else CodeUri), the Makefile (in ContextPath, else that folder)
/// and where make runs (WorkingDirectory, else the copy's root); absolute paths.
/// </summary>
internal sealed record BuildableFunction(string LogicalId, string SourceDirectory, string Makefile, string? WorkingDirectory)
{
    public string Target => "build-" + LogicalId;
}
