using System.Collections.Concurrent;

namespace Sluice.Asl.Execution;

/// <summary>Every Distributed Map run, by ARN and by parent execution, and their child executions by ARN.</summary>
internal sealed class MapRuns
{
    private readonly ConcurrentDictionary<string, MapRunRecord> _runs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<MapRunRecord>> _byExecution = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ExecutionRecord> _children = new(StringComparer.Ordinal);

    public void Add(MapRunRecord run)
    {
        _runs[run.Arn] = run;
        _byExecution.GetOrAdd(run.ExecutionArn, _ => new ConcurrentQueue<MapRunRecord>()).Enqueue(run);
    }

    public void AddChild(MapRunRecord run, ExecutionRecord child)
    {
        run.AddChild(child);
        _children[child.Arn] = child;
    }

    public MapRunRecord? Find(string arn) => _runs.TryGetValue(arn, out var run) ? run : null;

    public ExecutionRecord? FindChild(string executionArn) => _children.TryGetValue(executionArn, out var child) ? child : null;

    /// <summary>The map runs an execution started, oldest first.</summary>
    public IReadOnlyList<MapRunRecord> ForExecution(string executionArn) =>
        _byExecution.TryGetValue(executionArn, out var runs) ? [.. runs] : [];
}
