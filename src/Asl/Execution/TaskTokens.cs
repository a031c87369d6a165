using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Sluice.Asl.Execution;

/// <summary>
/// The callback pattern's task tokens: a .waitForTaskToken task waits here until SendTaskSuccess,
/// SendTaskFailure or its timeout; SendTaskHeartbeat keeps a HeartbeatSeconds task alive.
/// </summary>
internal sealed class TaskTokens
{
    private readonly ConcurrentDictionary<string, Waiter> _waiters = new(StringComparer.Ordinal);

    public string Issue()
    {
        // Opaque and unguessable like AWS's tokens; long enough for the 1024-character limit to matter to nobody.
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(96));
        _waiters[token] = new Waiter();
        return token;
    }

    public Waiter? Find(string token) => _waiters.TryGetValue(token, out var w) ? w : null;

    public void Forget(string token) => _waiters.TryRemove(token, out _);

    /// <summary>Completed by the API; Beat is replaced on every heartbeat.</summary>
    internal sealed class Waiter
    {
        private TaskCompletionSource _beat = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<TaskOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task NextBeat => Volatile.Read(ref _beat).Task;

        public void Heartbeat() => Interlocked.Exchange(ref _beat, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}

/// <summary>What a worker reported for a task token: an output, or an error and cause.</summary>
internal sealed record TaskOutcome(JsonNode? Output, string? Error, string? Cause, bool Failed);
