namespace Sluice.Processor.Tests;

/// <summary>Records every start; answers like Step Functions for a STANDARD machine unless told otherwise.</summary>
internal sealed class RecordingStarter : IExecutionStarter
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public List<(string Name, string Input)> Starts { get; } = [];

    public Func<string, Exception?> FailWith { get; set; } = static _ => null;

    public Task<StartOutcome> StartAsync(string name, string input, CancellationToken cancellationToken)
    {
        Starts.Add((name, input));
        if (FailWith(name) is { } exception)
        {
            throw exception;
        }

        return Task.FromResult(_names.Add(name) ? StartOutcome.Started : StartOutcome.AlreadyExists);
    }
}
