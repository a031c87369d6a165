namespace Sluice.LocalCloud.Tests.Lambda;

/// <summary>
/// An account whose two execution environments are both taken: who waits, who is evicted, and that a
/// function never kills its own warm environment to start a cold one.
/// </summary>
public sealed class AccountConcurrencyTests : IAsyncLifetime
{
    private readonly LambdaRig _rig = new() { AccountConcurrency = 2 };

    public ValueTask InitializeAsync() => _rig.InitializeAsync();

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    [Fact]
    public async Task Invoke_AccountFullUntilItsOwnEnvironmentFrees_TakesThatWarmEnvironment()
    {
        var other = await _rig.CreateFlakyAsync();
        var function = await _rig.CreateFlakyAsync();
        var (_, warmUp) = await _rig.InvokeAsync(function, "ok");
        // The other function holds the second environment for the whole test; ours is busy for a while.
        var hog = _rig.InvokeAsync(other, "sleep:4000");
        var busy = _rig.InvokeAsync(function, "sleep:800");
        await Poll.UntilAsync(() => other.ProcessIds().Count == 1 && !function.HasIdle, () => $"other has {other.ProcessIds().Count} processes");

        var (outcome, waited) = await _rig.InvokeAsync(function, "after");
        var (_, busyRecord) = await busy;
        await hog;

        Assert.False(outcome.IsError);
        Assert.False(waited.ColdStart);
        Assert.Equal(warmUp.EnvironmentId, busyRecord.EnvironmentId);
        Assert.Equal(warmUp.EnvironmentId, waited.EnvironmentId);
        Assert.Single(function.ProcessIds());
    }

    [Fact]
    public async Task Invoke_AccountFull_EvictsAnIdleEnvironmentOfAnotherFunction()
    {
        var idle = await _rig.CreateFlakyAsync();
        var function = await _rig.CreateFlakyAsync();
        await _rig.InvokeAsync(idle, "ok");
        var busy = _rig.InvokeAsync(function, "sleep:1500");
        await Poll.UntilAsync(() => function.ProcessIds().Count == 1, () => $"function has {function.ProcessIds().Count} processes");

        var (outcome, second) = await _rig.InvokeAsync(function, "second");
        await busy;

        Assert.False(outcome.IsError);
        Assert.True(second.ColdStart);
        Assert.Empty(idle.ProcessIds());
        Assert.Equal(2, function.ProcessIds().Count);
    }
}
