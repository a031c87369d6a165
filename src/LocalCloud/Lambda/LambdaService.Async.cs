using System.Threading.Channels;

namespace Sluice.LocalCloud.Lambda;

/// <summary>
/// Asynchronous (Event) invocations: queued, run as capacity allows, a function error retried twice
/// (AWS's default MaximumRetryAttempts for async invocation) after <see cref="LambdaOptions.AsyncRetryDelays"/>,
/// then discarded with a line in the function's log, as AWS does for a function with no on-failure
/// destination or dead-letter queue.
/// </summary>
internal sealed partial class LambdaService
{
    private readonly Channel<(Target Target, byte[] Payload)> _asyncQueue = Channel.CreateUnbounded<(Target, byte[])>();
    private readonly List<Task> _asyncRuns = [];
    private Task? _asyncDispatcher;

    /// <summary>Queues an Event invocation (the function must exist); the answer is immediate.</summary>
    public void InvokeAsyncEvent(string function, byte[] payload)
    {
        if (!_started)
        {
            throw new InvalidOperationException("The Lambda service has not been started");
        }
        _asyncQueue.Writer.TryWrite((Resolve(function), payload));
    }

    private void StartAsyncDispatcher() => _asyncDispatcher = Task.Run(async () =>
    {
        try
        {
            await foreach (var (target, payload) in _asyncQueue.Reader.ReadAllAsync(Stopping).ConfigureAwait(false))
            {
                var run = RunEventAsync(target, payload);
                lock (_asyncRuns)
                {
                    _asyncRuns.RemoveAll(t => t.IsCompleted);
                    _asyncRuns.Add(run);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    });

    private async Task RunEventAsync(Target target, byte[] payload)
    {
        try
        {
            var delays = Options.AsyncRetryDelays;
            for (var attempt = 0; ; attempt++)
            {
                var (outcome, record) = await target.Function.InvokeAsync(payload, waitForCapacity: true, Stopping, target.InvokedArn).ConfigureAwait(false);
                if (!outcome.IsError)
                {
                    return;
                }
                if (attempt >= delays.Count)
                {
                    target.Function.Log.Append($"Asynchronous invocation {record.RequestId} discarded after {attempt + 1} attempts: {outcome.ErrorType}", record.RequestId);
                    return;
                }
                await Task.Delay(delays[attempt], Stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task StopAsyncDispatcherAsync()
    {
        _asyncQueue.Writer.TryComplete();
        if (_asyncDispatcher is not null)
        {
            await _asyncDispatcher.ConfigureAwait(false);
        }
        Task[] runs;
        lock (_asyncRuns)
        {
            runs = [.. _asyncRuns];
        }
        // Runs end once their invocation ends: the functions are stopped right after this.
        await Task.WhenAny(Task.WhenAll(runs), Task.Delay(TimeSpan.FromSeconds(1))).ConfigureAwait(false);
    }
}
