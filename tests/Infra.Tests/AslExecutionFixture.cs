using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Sluice.Infra.Tests;

/// <summary>
/// Runs the workflow once per scenario on moto's Step Functions interpreter (TestData/run_asl.py),
/// for the real ASL and for a copy whose OutOfStock catcher skips compensation.
/// </summary>
public sealed class AslExecutionFixture : IAslExecutions, IAsyncLifetime
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("sluice-asl-").FullName;

    public IReadOnlyDictionary<string, JsonObject> Results { get; private set; } = new Dictionary<string, JsonObject>();

    public JsonObject? BrokenOutOfStock { get; private set; }

    /// <summary>Why the executions could not run (python3 or moto missing), or null.</summary>
    public string? SkipReason { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var real = await RunAsync(RepositoryRoot.PathOf(Inputs.AslPath), "confirmed", "out-of-stock", "declined", "invalid", "unknown-error", "crash-once", "crash-always");
        if (real is null)
        {
            return;
        }

        Results = real;
        var broken = Inputs.Asl();
        broken["States"]!["ReserveAndAuthorize"]!["Catch"]![0]!["Next"] = "RecordRejected";
        var brokenPath = Path.Combine(_scratch, "broken.asl.json");
        await File.WriteAllTextAsync(brokenPath, broken.ToJsonString());
        BrokenOutOfStock = (await RunAsync(brokenPath, "out-of-stock"))?["out-of-stock"];
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_scratch, recursive: true);
        return ValueTask.CompletedTask;
    }

    private async Task<Dictionary<string, JsonObject>?> RunAsync(string aslPath, params string[] scenarios)
    {
        var start = new ProcessStartInfo("python3");
        start.ArgumentList.Add(RepositoryRoot.PathOf("tests/Infra.Tests/TestData/run_asl.py"));
        start.ArgumentList.Add(aslPath);
        foreach (var scenario in scenarios)
        {
            start.ArgumentList.Add(scenario);
        }

        (int ExitCode, string Stdout, string Stderr) result;
        try
        {
            result = await ProcessRunner.RunAsync(start, TimeSpan.FromSeconds(180));
        }
        catch (Win32Exception e)
        {
            SkipReason = $"python3 not installed ({e.Message}): the workflow runs on moto's Step Functions interpreter";
            return null;
        }

        if (result.ExitCode == 3)
        {
            SkipReason = $"moto not installed: the workflow runs on its Step Functions interpreter (pip install \"moto[stepfunctions]\"). {result.Stderr.Trim()}";
            return null;
        }

        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"run_asl.py exit {result.ExitCode}:\n{result.Stderr}");
        }

        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonNode.Parse(l)!.AsObject())
            .ToDictionary(r => r["scenario"]!.GetValue<string>());
    }
}
