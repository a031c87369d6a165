namespace Sluice.LocalCloud.Tests.Lambda;

/// <summary>Stopping the host ends every function process it started.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task DisposeAsync_WithWarmEnvironments_KillsEveryChildProcess()
    {
        var rig = new LambdaRig();
        await rig.InitializeAsync();
        var function = await rig.CreateFlakyAsync(reserved: 2);
        await Task.WhenAll(
            rig.Lambda.InvokeAsync(function.Definition.FunctionName, LambdaRig.Json("\"sleep:200\""), false, default),
            rig.Lambda.InvokeAsync(function.Definition.FunctionName, LambdaRig.Json("\"sleep:200\""), false, default)).WaitAsync(LambdaRig.Wait);
        var pids = function.ProcessIds();
        Assert.Equal(2, pids.Count);
        Assert.All(pids, pid => Assert.True(Directory.Exists($"/proc/{pid}")));

        await rig.DisposeAsync().AsTask().WaitAsync(LambdaRig.Wait);

        await Poll.UntilAsync(() => pids.All(pid => !IsRunning(pid)), () => string.Join(",", pids.Where(IsRunning)), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task DisposeAsync_DuringALongInvocation_EndsItAtOnceAsKilled()
    {
        var rig = new LambdaRig();
        await rig.InitializeAsync();
        var function = await rig.CreateFlakyAsync(timeoutSeconds: 60);
        var running = rig.Lambda.InvokeAsync(function.Definition.FunctionName, LambdaRig.Json("\"sleep:50000\""), false, default);
        await Poll.UntilAsync(() => LambdaRig.FlakyLines(function).Contains("direct sleep:50000"), () => "not started");
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        await rig.DisposeAsync().AsTask().WaitAsync(LambdaRig.Wait);
        var (outcome, _) = await running.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("Runtime.ExitError", outcome.ErrorType);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"shutdown took {stopwatch.Elapsed}");
    }

    /// <summary>Gone, or a zombie waiting to be reaped by this (the parent) process.</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            var status = File.ReadAllText($"/proc/{pid}/status");
            return !status.Contains("State:\tZ", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
