using System.Text.Json;
using Sluice.LocalCloud.Lambda.Runtime;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Tests.Lambda;

/// <summary>Execution environments of a real bootstrap: warm reuse, timeouts, crashes, init failures, throttling.</summary>
public sealed class ExecutionEnvironmentTests(LambdaRig rig) : IClassFixture<LambdaRig>
{
    [Fact]
    public async Task Invoke_Twice_ReusesTheWarmEnvironmentAndRecordsOneColdStart()
    {
        var function = await rig.CreateFlakyAsync();

        var (first, firstRecord) = await rig.Lambda.InvokeAsync(function.Definition.FunctionName, LambdaRig.Json("\"hello\""), false, default).WaitAsync(LambdaRig.Wait);
        var (second, secondRecord) = await rig.Lambda.InvokeAsync(function.Definition.FunctionArn, LambdaRig.Json("\"again\""), false, default).WaitAsync(LambdaRig.Wait);

        Assert.Equal("\"hello\"", LambdaRig.Text(first.Payload));
        Assert.Equal("\"again\"", LambdaRig.Text(second.Payload));
        Assert.True(firstRecord.ColdStart);
        Assert.True(firstRecord.InitDurationMs > 0);
        Assert.False(secondRecord.ColdStart);
        Assert.Equal(firstRecord.EnvironmentId, secondRecord.EnvironmentId);
        Assert.True(secondRecord.PeakMemoryBytes > 1024 * 1024, $"peak memory {secondRecord.PeakMemoryBytes}");
        var log = function.Log.Read().Select(l => l.Text).ToList();
        Assert.Contains(log, l => l == $"START RequestId: {firstRecord.RequestId} Version: $LATEST");
        Assert.Contains(log, l => l.StartsWith($"REPORT RequestId: {firstRecord.RequestId}\t", StringComparison.Ordinal) && l.Contains("Init Duration:", StringComparison.Ordinal));
        Assert.Contains(log, l => l.StartsWith($"REPORT RequestId: {secondRecord.RequestId}\t", StringComparison.Ordinal) && !l.Contains("Init Duration:", StringComparison.Ordinal));
        Assert.Contains(function.Log.ForRequest(secondRecord.RequestId), l => l.Text == "FLAKY direct again");
    }

    [Fact]
    public async Task Invoke_OutputBurstBeforeTheResponse_EveryLineIsTheInvocationsAndComesBeforeItsEnd()
    {
        var function = await rig.CreateFlakyAsync();
        const int Lines = 3000;

        for (var round = 0; round < 8; round++)
        {
            var (outcome, record) = await rig.InvokeAsync(function, $"r{round}|lines:{Lines}").WaitAsync(LambdaRig.Wait);

            Assert.False(outcome.IsError);
            var mine = function.Log.ForRequest(record.RequestId).Select(l => l.Text).ToList();
            Assert.Equal(Lines, mine.Count(t => t.StartsWith("FLAKY line ", StringComparison.Ordinal)));
            Assert.Contains($"FLAKY direct r{round}|lines:{Lines}", mine);
            var log = function.Log.Read().Select(l => l.Text).ToList();
            var last = log.LastIndexOf($"FLAKY line {Lines} of {Lines} {new string('x', 80)}");
            var end = log.IndexOf($"END RequestId: {record.RequestId}");
            Assert.True(last >= 0 && end > last, $"round {round}: last line at {last}, END at {end}");
        }
    }

    [Fact]
    public async Task Invoke_PastTheTimeout_ReportsSandboxTimedoutAndStartsAFreshEnvironment()
    {
        var function = await rig.CreateFlakyAsync(timeoutSeconds: 1);

        var (outcome, record) = await rig.Lambda.InvokeAsync(function.Definition.FunctionName, LambdaRig.Json("\"sleep:5000\""), false, default).WaitAsync(LambdaRig.Wait);
        var (after, afterRecord) = await rig.Lambda.InvokeAsync(function.Definition.FunctionName, LambdaRig.Json("\"ok\""), false, default).WaitAsync(LambdaRig.Wait);

        Assert.Equal("Sandbox.Timedout", outcome.ErrorType);
        using var error = JsonDocument.Parse(outcome.Payload);
        Assert.Equal("Sandbox.Timedout", error.RootElement.GetProperty("errorType").GetString());
        Assert.Equal($"RequestId: {record.RequestId} Error: Task timed out after 1.00 seconds", error.RootElement.GetProperty("errorMessage").GetString());
        Assert.InRange(record.DurationMs, 900, 3000);
        Assert.False(after.IsError);
        Assert.True(afterRecord.ColdStart);
        Assert.NotEqual(record.EnvironmentId, afterRecord.EnvironmentId);
    }

    [Fact]
    public async Task Invoke_ProcessExits_ReportsRuntimeExitErrorWithTheExitStatus()
    {
        var function = await rig.CreateFlakyAsync();

        var (outcome, record) = await rig.Lambda.InvokeAsync(function.Definition.FunctionName, LambdaRig.Json("\"exit:3\""), false, default).WaitAsync(LambdaRig.Wait);

        Assert.Equal("Runtime.ExitError", outcome.ErrorType);
        using var error = JsonDocument.Parse(outcome.Payload);
        Assert.Equal($"RequestId: {record.RequestId} Error: Runtime exited with error: exit status 3", error.RootElement.GetProperty("errorMessage").GetString());
        Assert.Empty(function.ProcessIds());
    }

    [Fact]
    public async Task Invoke_PastTheMemorySize_ReportsRuntimeOutOfMemory()
    {
        var function = await rig.CreateFlakyAsync();

        var (fits, fitsRecord) = await rig.Lambda.InvokeAsync(function.Definition.FunctionName, LambdaRig.Json("\"alloc:64\""), false, default).WaitAsync(LambdaRig.Wait);
        var (outcome, record) = await rig.Lambda.InvokeAsync(function.Definition.FunctionName, LambdaRig.Json("\"alloc:400\""), false, default).WaitAsync(LambdaRig.Wait);

        Assert.False(fits.IsError);
        Assert.True(fitsRecord.PeakMemoryBytes > 64L * 1024 * 1024, $"peak {fitsRecord.PeakMemoryBytes}");
        Assert.Equal("Runtime.OutOfMemory", outcome.ErrorType);
        using var error = JsonDocument.Parse(outcome.Payload);
        Assert.Equal($"RequestId: {record.RequestId} Error: Runtime exited with error: signal: killed", error.RootElement.GetProperty("errorMessage").GetString());
        Assert.True(record.PeakMemoryBytes > 256L * 1024 * 1024, $"peak {record.PeakMemoryBytes}");
    }

    [Fact]
    public async Task Invoke_InitThrows_ReportsTheFunctionsInitErrorType()
    {
        var function = await rig.CreateFlakyAsync(environment: new Dictionary<string, string> { ["FLAKY_INIT_FAIL"] = "no configuration" });

        var (outcome, record) = await rig.Lambda.InvokeAsync(function.Definition.FunctionName, LambdaRig.Json("\"ok\""), false, default).WaitAsync(LambdaRig.Wait);

        Assert.Equal("FlakyInitFailed", outcome.ErrorType);
        using var error = JsonDocument.Parse(outcome.Payload);
        Assert.Equal("no configuration", error.RootElement.GetProperty("errorMessage").GetString());
        Assert.True(record.ColdStart);
        Assert.Contains(function.Log.Read(), l => l.Text.StartsWith("INIT_REPORT", StringComparison.Ordinal) && l.Text.Contains("Error Type: FlakyInitFailed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invoke_FunctionThrows_ReturnsItsErrorDocumentAndKeepsTheEnvironment()
    {
        var function = await rig.CreateFlakyAsync();

        var (outcome, record) = await rig.Lambda.InvokeAsync(function.Definition.FunctionName, LambdaRig.Json("\"throw\""), false, default).WaitAsync(LambdaRig.Wait);
        var (_, next) = await rig.Lambda.InvokeAsync(function.Definition.FunctionName, LambdaRig.Json("\"ok\""), false, default).WaitAsync(LambdaRig.Wait);

        Assert.Equal("FlakyError", outcome.ErrorType);
        using var error = JsonDocument.Parse(outcome.Payload);
        Assert.Equal("FlakyError", error.RootElement.GetProperty("errorType").GetString());
        Assert.Equal("told to throw", error.RootElement.GetProperty("errorMessage").GetString());
        Assert.False(next.ColdStart);
        Assert.Equal(record.EnvironmentId, next.EnvironmentId);
    }

    [Fact]
    public async Task Invoke_BeyondReservedConcurrency_IsThrottled()
    {
        var function = await rig.CreateFlakyAsync(reserved: 1);

        var busy = rig.Lambda.InvokeAsync(function.Definition.FunctionName, LambdaRig.Json("\"sleep:1500\""), false, default);
        // The function has started its sleep: it holds the one environment its reserved concurrency allows.
        await Poll.UntilAsync(() => LambdaRig.FlakyLines(function).Contains("direct sleep:1500"), () => string.Join("|", LambdaRig.FlakyLines(function)));
        var throttled = await Assert.ThrowsAsync<AwsServiceException>(() => rig.Lambda.InvokeAsync(function.Definition.FunctionName, LambdaRig.Json("\"ok\""), false, default)).WaitAsync(LambdaRig.Wait);
        var (outcome, _) = await busy.WaitAsync(LambdaRig.Wait);

        Assert.Equal("TooManyRequestsException", throttled.Code);
        Assert.Equal(429, throttled.Status);
        Assert.False(outcome.IsError);
    }

    [Theory]
    [InlineData("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256")]
    [InlineData("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")]
    [InlineData("AWS_REGION", "us-east-1")]
    [InlineData("AWS_DEFAULT_REGION", "us-east-1")]
    [InlineData("FROM_TEMPLATE", "template value")]
    [InlineData("AWS_LAMBDA_RUNTIME_API", null)]
    [InlineData("AWS_ENDPOINT_URL", null)]
    [InlineData("AWS_ACCESS_KEY_ID", null)]
    [InlineData("AWS_LAMBDA_LOG_STREAM_NAME", null)]
    [InlineData("HOSTS_OWN_VARIABLE", "")]
    public async Task Invoke_TheEnvironment_IsLambdasPlusTheDefinitions(string name, string? expected)
    {
        Environment.SetEnvironmentVariable("HOSTS_OWN_VARIABLE", "must not leak");
        var function = await rig.CreateFlakyAsync(environment: new Dictionary<string, string> { ["FROM_TEMPLATE"] = "template value" });

        var (outcome, _) = await rig.Lambda.InvokeAsync(function.Definition.FunctionName, LambdaRig.Json($"\"env:{name}\""), false, default).WaitAsync(LambdaRig.Wait);

        var value = JsonDocument.Parse(outcome.Payload).RootElement.GetString() ?? "";
        switch (name)
        {
            case "AWS_LAMBDA_RUNTIME_API":
                Assert.Matches("^127\\.0\\.0\\.1:[0-9]+$", value);
                break;
            case "AWS_ENDPOINT_URL":
                Assert.Equal(rig.Endpoint, value);
                break;
            case "AWS_ACCESS_KEY_ID" or "AWS_LAMBDA_LOG_STREAM_NAME":
                Assert.NotEmpty(value);
                break;
            default:
                Assert.Equal(expected, value);
                break;
        }
    }

    [Fact]
    public async Task Invoke_HomeAndTmpdir_AreTheEnvironmentsOwnNotTheHostUsers()
    {
        var function = await rig.CreateFlakyAsync();
        var other = await rig.CreateFlakyAsync();

        var home = await EnvAsync(function, "HOME");
        var tmp = await EnvAsync(function, "TMPDIR");
        var otherHome = await EnvAsync(other, "HOME");

        Assert.NotEqual(Environment.GetEnvironmentVariable("HOME"), home);
        Assert.NotEqual(Path.GetTempPath().TrimEnd('/'), tmp.TrimEnd('/'));
        Assert.True(Directory.Exists(home), home);
        Assert.True(Directory.Exists(tmp), tmp);
        Assert.NotEqual(home, otherHome);
        Assert.Equal(Path.GetDirectoryName(home), Path.GetDirectoryName(tmp));
    }

    private async Task<string> EnvAsync(LambdaFunction function, string name)
    {
        var (outcome, _) = await rig.Lambda.InvokeAsync(function.Definition.FunctionName, LambdaRig.Json($"\"env:{name}\""), false, default).WaitAsync(LambdaRig.Wait);
        Assert.False(outcome.IsError);
        return JsonDocument.Parse(outcome.Payload).RootElement.GetString() ?? "";
    }

    [Fact]
    public async Task InvokeAsyncEvent_FunctionError_IsRetriedTwiceThenDiscarded()
    {
        var function = await rig.CreateFlakyAsync();

        rig.Lambda.InvokeAsyncEvent(function.Definition.FunctionName, LambdaRig.Json("\"throw\""));

        await Poll.UntilAsync(() => function.Log.Read().Any(l => l.Text.Contains("discarded after 3 attempts: FlakyError", StringComparison.Ordinal)),
            () => string.Join("|", function.Log.Read().Select(l => l.Text)));
        // The attempts' own output comes through the function's stdout, which may trail the service's line.
        await Poll.UntilAsync(() => LambdaRig.FlakyLines(function).Count(l => l == "direct throw") >= 3, () => string.Join("|", LambdaRig.FlakyLines(function)));
        Assert.Equal(3, LambdaRig.FlakyLines(function).Count(l => l == "direct throw"));
    }

    [Fact]
    public async Task Invoke_UnknownFunction_IsResourceNotFound()
    {
        var error = Assert.Throws<AwsServiceException>(() => rig.Lambda.Function("no-such-function"));

        Assert.Equal("ResourceNotFoundException", error.Code);
        Assert.Equal("Function not found: arn:aws:lambda:us-east-1:000000000000:function:no-such-function", error.Message);
        await Task.CompletedTask;
    }
}
