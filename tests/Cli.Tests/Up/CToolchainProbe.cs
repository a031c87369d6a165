using Sluice.Cli.Up;
using Sluice.Shared;

namespace Sluice.Cli.Tests.Up;

/// <summary>Whether this machine can AOT-publish the functions (the tests that need it skip loudly otherwise).</summary>
internal static class CToolchainProbe
{
    public static bool Available() => CToolchain.IsOnPath(ProcessEnvironment.Instance);
}
