using System.Threading.Channels;

namespace Sluice.LocalCloud.Lambda;

/// <summary>
/// Asynchronous (Event) invocations: queued, run as capacity allows, a function error retried twice
/// (AWS's default MaximumRetryAttempts for async invocation) after <see cref="LambdaOptions.AsyncRetryDelays"/>,
/// then discarded with a line in the function's log, as AWS does for a function with no on-failure
/// destination or dead-letter queue. On a data directory an accepted invocation is kept until it
/// finishes, and one still queued or running when the host stopped runs when it starts again.
/// </summary>
internal sealed partial class LambdaService
{
    private readonly Channel<(string Id, Target Target, byte[] Payload)> _asyncQueue = Channel.CreateUnbounded<(string, Target, byte[])>();
    private readonly List<Task> _asyncRuns = [];
    private Task? _asyncDispatcher;

    /// <summary>Queues an Event invocation (the function must exist); the answer is immediate.</summary>
    public void InvokeAsyncEvent(string function, byte[] payload)
    {
        if (!_started)
        {
            throw new InvalidOperationException("The Lambda service has not been started");
        }
        var target = Resolve(function);
        var id = Guid.NewGuid().ToString("N");
        // Kept before the 202: a killed host runs it when it starts again.
        Store?.SaveAsyncInvocation(id, function, payload);
        _asyncQueue.Writer.TryWrite((id, target, payload));
    }

    /// <summary>The Event invocations a stopped host had accepted and not finished, queued again in order (before <see cref="StartAsync"/>).</summary>
    private void LoadAsyncInvocations(List<string> problems)
    {
        foreach (var (id, function, payload) in Store!.LoadAsyncInvocations())
        {
            try
            {
                _asyncQueue.Writer.TryWrite((id, Resolve(function), payload));
            }
            catch (Protocol.AwsServiceException e)
            {
                problems.Add($"asynchronous invocation {id} of {function} is dropped: {e.Message}");
                Store.DeleteAsyncInvocation(id);
            }
        }
    }

    private void StartAsyncDispatcher() => _asyncDispatcher = Task.Run(async () =>
    {
        try
        {
            await foreach (var (id, target, payload) in _asyncQueue.Reader.ReadAllAsync(Stopping).ConfigureAwait(false))
            {
                var run = RunEventAsync(id, target, payload);
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

    private async Task RunEventAsync(string id, Target target, byte[] payload)
    {
        try
        {
            await RunEventAttemptsAsync(target, payload).ConfigureAwait(false);
            // Finished (run or discarded): no longer kept. A kill before this runs it again at the next start, as AWS may deliver an event twice.
            Store?.DeleteAsyncInvocation(id);
        }
        catch (OperationCanceledException)
        {
            // The host is stopping: the invocation stays kept and runs at the next start.
        }
    }

    private async Task RunEventAttemptsAsync(Target target, byte[] payload)
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
