namespace Sluice.Processor.Tests;

/// <summary>
/// Records every start (the handler starts a batch's messages concurrently); answers like Step Functions
/// for a STANDARD machine unless told otherwise, after <see cref="Delay"/> when one is set.
/// </summary>
internal sealed class RecordingStarter : IExecutionStarter
{
    private readonly HashSet<string> names = new(StringComparer.Ordinal);
    private readonly List<(string Name, string Input)> starts = [];
    private readonly Lock gate = new();
    private int inFlight;

    public IReadOnlyList<(string Name, string Input)> Starts
    {
        get
        {
            lock (gate)
            {
                return [.. starts];
            }
        }
    }

    /// <summary>The most calls that were in flight at once.</summary>
    public int MaxInFlight { get; private set; }

    public Func<string, Exception?> FailWith { get; set; } = static _ => null;

    /// <summary>Awaited inside each call, while it counts as in flight.</summary>
    public Func<Task>? Delay { get; set; }

    public async Task<StartOutcome> StartAsync(string name, string input, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            starts.Add((name, input));
            MaxInFlight = Math.Max(MaxInFlight, ++inFlight);
        }

        try
        {
            if (Delay is { } delay)
            {
                await delay().ConfigureAwait(false);
            }

            if (FailWith(name) is { } exception)
            {
                throw exception;
            }

            lock (gate)
            {
                return names.Add(name) ? StartOutcome.Started : StartOutcome.AlreadyExists;
            }
        }
        finally
        {
            lock (gate)
            {
                inFlight--;
            }
        }
    }
}
