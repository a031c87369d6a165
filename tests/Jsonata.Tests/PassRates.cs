using System.Globalization;
using System.Text;

namespace Sluice.Jsonata.Tests;

/// <summary>The per-group pass rate table for docs/jsonata.md, written beside the known-failures list.</summary>
internal static class PassRates
{
    public static void Write(string path)
    {
        var failures = KnownFailures.Load();
        var text = new StringBuilder("| Group | Passed | Cases |\n|---|---:|---:|\n");
        var total = 0;
        var passed = 0;
        foreach (var group in SuiteCase.All.GroupBy(c => c.Group))
        {
            var count = group.Count();
            var ok = group.Count(c => SuiteRunner.Failure(c) is null);
            total += count;
            passed += ok;
            text.Append(CultureInfo.InvariantCulture, $"| {group.Key} | {ok} | {count} |\n");
        }
        text.Append(CultureInfo.InvariantCulture, $"| **all** | **{passed}** | **{total}** |\n");
        _ = failures;
        File.WriteAllText(path, text.ToString());
    }
}
