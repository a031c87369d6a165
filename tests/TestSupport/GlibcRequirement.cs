using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Sluice.TestSupport;

/// <summary>The newest glibc symbol version an ELF binary needs, read with objdump (binutils, which AOT linking needs anyway).</summary>
public static partial class GlibcRequirement
{
    public static Version? NewestRequired(string binary)
    {
        var start = new ProcessStartInfo("objdump") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-T");
        start.ArgumentList.Add(binary);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"objdump -T {binary} failed: {process.StandardError.ReadToEnd()}");
        }

        return GlibcVersion().Matches(output).Select(m => Version.Parse(m.Groups[1].Value)).DefaultIfEmpty().Max();
    }

    [GeneratedRegex(@"GLIBC_(\d+\.\d+(?:\.\d+)?)")]
    private static partial Regex GlibcVersion();
}
