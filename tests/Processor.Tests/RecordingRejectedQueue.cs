namespace Sluice.Processor.Tests;

/// <summary>Keeps what the handler sends to the rejected queue; fails when told to.</summary>
internal sealed class RecordingRejectedQueue : IRejectedQueue
{
    public List<(string Json, string Type, string? Subject)> Sent { get; } = [];

    public Exception? FailWith { get; set; }

    public Task SendAsync(string eventJson, string type, string? subject, CancellationToken cancellationToken)
    {
        if (FailWith is { } exception)
        {
            throw exception;
        }

        Sent.Add((eventJson, type, subject));
        return Task.CompletedTask;
    }
}
