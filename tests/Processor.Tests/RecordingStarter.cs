namespace Sluice.Processor.Tests;

/// <summary>Records every start; answers like Step Functions for a STANDARD machine unless told otherwise.</summary>
internal sealed class RecordingStarter : IExecutionStarter
{
    private readonly Dictionary<string, string> _inputs = new(StringComparer.Ordinal);

    public List<(string Name, string Input)> Starts { get; } = [];

    public Func<string, Exception?> FailWith { get; set; } = static _ => null;

    public Task<StartOutcome> StartAsync(string name, string input, CancellationToken cancellationToken)
    {
        Starts.Add((name, input));
        if (FailWith(name) is { } exception)
        {
            throw exception;
        }

        return Task.FromResult(_inputs.TryAdd(name, input) ? StartOutcome.Started : StartOutcome.AlreadyExists);
    }

    public Task<ExistingExecution?> DescribeAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(_inputs.TryGetValue(name, out var input) ? new ExistingExecution("arn:aws:states:us-east-1:000000000000:execution:order-fulfilment:" + name, input) : null);
}
