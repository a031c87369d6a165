namespace Sluice.Orchestrator.Tests;

internal sealed class RecordingWriter : IOutcomeWriter
{
    public List<(string PartitionKey, byte[] Data)> Appended { get; } = [];

    public Exception? FailWith { get; set; }

    public Task<AppendResult> AppendAsync(string partitionKey, byte[] data, CancellationToken cancellationToken)
    {
        if (FailWith is not null)
        {
            throw FailWith;
        }

        Appended.Add((partitionKey, data));
        return Task.FromResult(new AppendResult("shardId-000000000001", $"4960000000000000000000000000000000000000000000000000000{Appended.Count}"));
    }
}
