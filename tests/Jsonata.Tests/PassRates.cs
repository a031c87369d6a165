using System.Globalization;
using System.Text;

namespace Sluice.Jsonata.Tests;

/// <summary>The per-group pass rate table for docs/jsonata.md, from one run's failures.</summary>
internal static class PassRates
{
    public static string Table(IReadOnlySet<string> failing)
    {
        var text = new StringBuilder("| Group | Passed | Cases |\n|---|---:|---:|\n");
        var total = 0;
        var passed = 0;
        foreach (var group in SuiteCase.All.GroupBy(c => c.Group))
        {
            var count = group.Count();
            var ok = group.Count(c => !failing.Contains(c.Id));
            total += count;
            passed += ok;
            text.Append(CultureInfo.InvariantCulture, $"| {group.Key} | {ok} | {count} |\n");
        }
        text.Append(CultureInfo.InvariantCulture, $"| **all** | **{passed}** | **{total}** |\n");
        return text.ToString();
    }
}
