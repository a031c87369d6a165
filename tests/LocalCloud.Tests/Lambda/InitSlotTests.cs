namespace Sluice.LocalCloud.Tests.Lambda;

/// <summary>
/// Environments start one at a time here (ConcurrentInits = 1): an invocation waiting to start one
/// takes its function's environment that comes back warm instead, and slow invocations still each get
/// their own environment, one after another.
/// </summary>
public sealed class InitSlotTests : IAsyncLifetime
{
    private readonly LambdaRig _rig = new() { ConcurrentInits = 1 };

    public ValueTask InitializeAsync() => _rig.InitializeAsync();

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    [Fact]
    public async Task Invoke_InitSlotTakenWhileItsEnvironmentIsBusy_TakesThatEnvironmentWhenItComesBack()
    {
        var slowStarter = await _rig.CreateFlakyAsync(environment: new Dictionary<string, string> { ["FLAKY_INIT_SLEEP_MS"] = "3000" });
        var function = await _rig.CreateFlakyAsync();
        var (_, warmUp) = await _rig.InvokeAsync(function, "ok");
        var busy = _rig.InvokeAsync(function, "sleep:600");
        // The slow starter holds the only init slot for three seconds.
        var starting = _rig.InvokeAsync(slowStarter, "ok");
        await Poll.UntilAsync(() => slowStarter.ProcessIds().Count == 1 && !function.HasIdle, () => $"slow starter has {slowStarter.ProcessIds().Count} processes");

        var (outcome, waited) = await _rig.InvokeAsync(function, "after");
        await busy;
        var (started, startedRecord) = await starting;

        Assert.False(outcome.IsError);
        Assert.False(waited.ColdStart);
        Assert.Equal(warmUp.EnvironmentId, waited.EnvironmentId);
        Assert.Single(function.ProcessIds());
        Assert.False(started.IsError);
        Assert.True(startedRecord.InitDurationMs >= 2900, $"init took {startedRecord.InitDurationMs} ms");
    }

    [Fact]
    public async Task Invoke_ConcurrentSlowInvocations_EachGetsAnEnvironmentStartedInTurn()
    {
        var function = await _rig.CreateFlakyAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => _rig.InvokeAsync(function, "sleep:1500")));

        Assert.All(results, r => Assert.False(r.Outcome.IsError));
        Assert.All(results, r => Assert.True(r.Record.ColdStart));
        Assert.Equal(3, results.Select(r => r.Record.EnvironmentId).Distinct().Count());
    }
}
