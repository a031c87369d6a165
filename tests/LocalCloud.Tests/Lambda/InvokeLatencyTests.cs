using System.Diagnostics;
using System.Globalization;
using Sluice.LocalCloud.Lambda;

namespace Sluice.LocalCloud.Tests.Lambda;

/// <summary>
/// Cold and warm invoke latency through the local Runtime API, measured end to end (Invoke called to
/// outcome in hand). Always measures the Flaky function; with SLUICE_LAMBDA_FIGURES=1 also Ingest,
/// Processor and Orchestrator (which costs their AOT publish on a fresh clone). Figures go to the
/// test output; docs/local-cloud-lambda.md quotes them.
/// </summary>
public sealed class InvokeLatencyTests(LambdaRig rig, ITestOutputHelper output) : IClassFixture<LambdaRig>
{
    private const int ColdSamples = 10;
    private const int WarmSamples = 200;

    [Fact]
    public async Task Invoke_ColdAndWarm_LatencyIsMeasuredAndWarmIsFast()
    {
        var functions = new List<(string Name, string Project, string Payload, Dictionary<string, string> Environment)>
        {
            ("Flaky", LambdaRig.FlakyProject, "\"ok\"", []),
        };
        if (Environment.GetEnvironmentVariable("SLUICE_LAMBDA_FIGURES") == "1")
        {
            functions.Add(("Ingest", "src/Ingest", "{\"Records\":[]}", new() { ["TOPIC_ARN"] = "arn:aws:sns:us-east-1:000000000000:unused", ["OUTCOME_KEY_ID"] = "alias/unused" }));
            functions.Add(("Processor", "src/Processor", "{\"Records\":[]}", new() { ["STATE_MACHINE_ARN"] = "arn:aws:states:us-east-1:000000000000:stateMachine:unused", ["REJECTED_QUEUE_URL"] = "http://localhost/000000000000/unused" }));
            functions.Add(("Orchestrator", "src/Orchestrator", "{\"step\":\"Validate\"}", new() { ["STREAM_NAME"] = "unused", ["OUTCOME_KEY_ID"] = "alias/unused" }));
        }

        foreach (var (label, project, payload, environment) in functions)
        {
            var cold = new List<double>();
            var warm = new List<double>();
            for (var i = 0; i < ColdSamples; i++)
            {
                // A fresh function has no environment: its first invoke is a cold start.
                var name = Create(label, project, environment);
                await rig.Lambda.Function(name).Bootstrap.WaitAsync(TimeSpan.FromMinutes(15));
                cold.Add(await TimeAsync(name, payload));
                if (i == 0)
                {
                    for (var w = 0; w < WarmSamples; w++)
                    {
                        warm.Add(await TimeAsync(name, payload));
                    }
                }
            }
            output.WriteLine($"{label}: cold median {Format(Percentile(cold, 50))} ms p99 {Format(Percentile(cold, 99))} ms ({ColdSamples} samples); warm median {Format(Percentile(warm, 50))} ms p99 {Format(Percentile(warm, 99))} ms ({WarmSamples} samples)");
            Assert.True(Percentile(warm, 50) < Percentile(cold, 50), $"{label}: a warm invoke should be faster than a cold start");
            Assert.True(Percentile(warm, 50) < 50, $"{label}: warm median {Format(Percentile(warm, 50))} ms");
        }
    }

    private string Create(string label, string project, Dictionary<string, string> environment)
    {
        var name = $"{label.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..8]}";
        rig.Lambda.CreateFunction(new FunctionDefinition(label, name, $"arn:aws:lambda:us-east-1:000000000000:function:{name}", project, "provided.al2023", "bootstrap", "x86_64",
            256, 10, null, environment, "arn:aws:iam::000000000000:role/bench", "/aws/lambda/" + name));
        return name;
    }

    private async Task<double> TimeAsync(string name, string payload)
    {
        var start = Stopwatch.GetTimestamp();
        await rig.Lambda.InvokeAsync(name, LambdaRig.Json(payload), false, default).WaitAsync(LambdaRig.Wait);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static double Percentile(List<double> samples, int percentile)
    {
        var sorted = samples.Order().ToList();
        var index = (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }

    private static string Format(double ms) => ms.ToString("0.0", CultureInfo.InvariantCulture);
}
