using System.Text.Json;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Conformance;

/// <summary>
/// Requests generated from botocore's own service models (TestData/conformance/model_cases.py), sent
/// through boto3 to one host: valid, missing-member and constraint-breaking variants of every
/// operation of the ten services. Nothing may answer 5xx and the host must keep serving; every
/// failing case must be listed in known-failures.txt, and every listed case must still fail, so the
/// list is exactly what is left to fix and the pass rates in docs/local-cloud.md stay true.
/// </summary>
public sealed class ModelConformanceTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>
{
    [Fact]
    public async Task GeneratedModelCases_AnswerAsTheModelsSay_AndNothingAnswers5xx()
    {
        var report = Path.Combine(Path.GetTempPath(), $"sluice-conformance-{Guid.NewGuid():N}.json");
        try
        {
            var (exitCode, text) = await PythonScript.RunAsync(Path.Combine("conformance", "model_cases.py"), [cloud.Endpoint, report],
                "the model conformance cases are generated from botocore's models and sent through boto3", TimeSpan.FromSeconds(240));
            TestContext.Current.TestOutputHelper?.WriteLine(text);
            Assert.True(exitCode == 0, $"model_cases.py failed:\n{text}");

            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken));
            var failing = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var service in json.RootElement.GetProperty("services").EnumerateObject())
            {
                Assert.True(service.Value.GetProperty("server_errors").GetInt32() == 0, $"{service.Name} answered 5xx:\n{text}");
                Assert.True(service.Value.GetProperty("healthy_after").GetBoolean(), $"the host stopped serving after {service.Name}");
            }
            var details = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var service in json.RootElement.GetProperty("failures").EnumerateObject())
            {
                foreach (var failure in service.Value.EnumerateArray())
                {
                    var id = failure.GetProperty("case").GetString()!;
                    failing.Add(id);
                    details[id] = failure.GetProperty("detail").GetString()!;
                }
            }
            var known = new SortedSet<string>(
                File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "TestData", "conformance", "known-failures.txt"))
                    .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')),
                StringComparer.Ordinal);
            var regressed = failing.Except(known).Select(id => $"{id}: {details[id]}").ToList();
            var fixedNow = known.Except(failing).ToList();
            Assert.True(regressed.Count == 0, "cases failing that known-failures.txt does not list:\n" + string.Join('\n', regressed));
            Assert.True(fixedNow.Count == 0, "cases now passing: take them out of known-failures.txt and update docs/local-cloud.md:\n" + string.Join('\n', fixedNow));
        }
        finally
        {
            File.Delete(report);
        }
    }
}
