namespace Sluice.Jsonata.Tests;

/// <summary>Reads TestSuite/known-failures.txt: "&lt;case id&gt;TAB&lt;reason&gt;" per line.</summary>
internal static class KnownFailures
{
    public static IReadOnlyDictionary<string, string> Load()
    {
        var path = Path.Combine(SuiteCase.Root, "known-failures.txt");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return result;
        }
        foreach (var line in File.ReadAllLines(path))
        {
            if (line.Length == 0)
            {
                continue;
            }
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            result[tab < 0 ? line : line[..tab]] = tab < 0 ? "" : line[(tab + 1)..];
        }
        return result;
    }
}
