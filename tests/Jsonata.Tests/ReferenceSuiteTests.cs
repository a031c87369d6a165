namespace Sluice.Jsonata.Tests;

/// <summary>Holds the evaluator to the reference implementation's test suite (TestSuite/README.md).</summary>
public sealed class ReferenceSuiteTests
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> s_knownFailures = new(KnownFailures.Load);

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var testCase in SuiteCase.All)
        {
            data.Add(testCase.Id);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_ReferenceSuite_MatchesExpectedOrIsListed(string id)
    {
        var testCase = SuiteCase.All.Single(c => c.Id == id);
        var failure = SuiteRunner.Failure(testCase);
        var listed = s_knownFailures.Value.TryGetValue(id, out var reason);
        if (failure is null)
        {
            Assert.False(listed, $"{id} passes but known-failures.txt lists it ({reason}): remove the line");
        }
        else
        {
            Assert.True(listed, $"{id}: {testCase.Expression}\n{failure}");
        }
    }

    [Fact]
    public void KnownFailures_EveryListedCase_Exists()
    {
        var ids = SuiteCase.All.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var stale = s_knownFailures.Value.Keys.Where(id => !ids.Contains(id)).ToList();
        Assert.Empty(stale);
    }

    [Fact]
    public void KnownFailures_WhenRequested_RewritesTheList()
    {
        var output = Environment.GetEnvironmentVariable("JSONATA_KNOWN_FAILURES_OUT");
        if (string.IsNullOrEmpty(output))
        {
            Assert.Skip("set JSONATA_KNOWN_FAILURES_OUT to the list's path to rewrite it from this run");
        }
        var lines = new List<string>();
        var failing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var testCase in SuiteCase.All)
        {
            if (SuiteRunner.Failure(testCase) is { } failure)
            {
                lines.Add($"{testCase.Id}\t{failure.ReplaceLineEndings(" ")}");
                failing.Add(testCase.Id);
            }
        }
        File.WriteAllLines(output, lines);
        // The pass rate per group, for docs/jsonata.md.
        if (Environment.GetEnvironmentVariable("JSONATA_PASS_RATES_OUT") is { Length: > 0 } rates)
        {
            File.WriteAllText(rates, PassRates.Table(failing));
        }
    }
}
