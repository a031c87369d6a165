using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Sluice.Infra.Tests;

/// <summary>infra/smoke-test.sh against a fake AWS CLI (TestData/fake-aws.sh) put first on the PATH.</summary>
public sealed class SmokeTestScriptTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("sluice-smoke-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task Run_ExecutionsSucceed_PutsCloudEventsAndExitsZero()
    {
        var (exitCode, stdout, stderr) = await RunAsync(3);

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("all 3 executions succeeded", stdout, StringComparison.Ordinal);
        var records = Records();
        Assert.Equal(3, records.Count);
        foreach (var (key, evt) in records)
        {
            Assert.Equal("order.placed", evt["type"]!.GetValue<string>());
            Assert.Equal(key, evt["subject"]!.GetValue<string>());
            Assert.Equal(key, evt["data"]!["orderId"]!.GetValue<string>());
            Assert.Equal($"{key}-placed", evt["id"]!.GetValue<string>());
        }

        Assert.StartsWith("OOS-", records[^1].Event["data"]!["lines"]![0]!["sku"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.All(records.SkipLast(1), r =>
            Assert.DoesNotContain("OOS-", r.Event["data"]!["lines"]![0]!["sku"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_AwsCliVersion1_SendsTheEventUnencoded()
    {
        var (exitCode, _, stderr) = await RunAsync(2, ("FAKE_AWS_VERSION", "1"));

        Assert.True(exitCode == 0, stderr);
        Assert.StartsWith("{\"specversion\":\"1.0\"", File.ReadAllLines(Path.Combine(_scratch, "records.log"))[0].Split(' ', 2)[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ExecutionFails_ExitsNonZeroWithTheError()
    {
        var (exitCode, _, stderr) = await RunAsync(2, ("FAKE_STATUS", "FAILED"));

        Assert.Equal(1, exitCode);
        Assert.Contains("ended FAILED", stderr, StringComparison.Ordinal);
        Assert.Contains("Boom", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_RejectionNotRecorded_ExitsNonZero()
    {
        var (exitCode, _, stderr) = await RunAsync(2, ("FAKE_OUTPUT", """{"outcome":{"eventId":"x"}}"""));

        Assert.Equal(1, exitCode);
        Assert.Contains("did not record the OutOfStock rejection", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_StackWithoutOutputs_ExitsNonZeroNamingTheOutput()
    {
        var (exitCode, _, stderr) = await RunAsync(2, ("FAKE_NO_OUTPUTS", "1"));

        Assert.Equal(1, exitCode);
        Assert.Contains("has no output 'OrderStreamName'", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_scratch, "records.log")));
    }

    [Fact]
    public async Task Run_TooFewOrders_RefusedBeforeAnyCall()
    {
        var (exitCode, _, stderr) = await RunAsync(1);

        Assert.Equal(2, exitCode);
        Assert.Contains("orders must be a number >= 2", stderr, StringComparison.Ordinal);
    }

    private List<(string Key, JsonObject Event)> Records() =>
        File.ReadAllLines(Path.Combine(_scratch, "records.log"))
            .Select(l => l.Split(' ', 2))
            .Select(p => (p[0], JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(p[1])))!.AsObject()))
            .ToList();

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(int orders, params (string Name, string Value)[] environment)
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("bash not available: infra/smoke-test.sh is a bash script run on Linux runners");
        }

        var bin = Directory.CreateDirectory(Path.Combine(_scratch, "bin")).FullName;
        var aws = Path.Combine(bin, "aws");
        File.Copy(RepositoryRoot.PathOf("tests/Infra.Tests/TestData/fake-aws.sh"), aws, overwrite: true);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(aws, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var start = new ProcessStartInfo("bash") { WorkingDirectory = RepositoryRoot.Directory };
        start.ArgumentList.Add(RepositoryRoot.PathOf("infra/smoke-test.sh"));
        start.ArgumentList.Add("smoke");
        start.ArgumentList.Add(orders.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.Environment["PATH"] = $"{bin}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}";
        start.Environment["FAKE_AWS_DIR"] = _scratch;
        start.Environment["SMOKE_POLL_SECONDS"] = "0";
        start.Environment["SMOKE_TIMEOUT_SECONDS"] = "30";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return await ProcessRunner.RunAsync(start, TimeSpan.FromSeconds(60));
    }
}
