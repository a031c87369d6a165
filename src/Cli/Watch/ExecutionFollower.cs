using Sluice.Shared.Aws;

namespace Sluice.Cli.Watch;

/// <summary>Reads an execution's history forward, keeping every event and returning only the ones not seen yet.</summary>
internal sealed class ExecutionFollower(StepFunctionsClient sfn, string executionArn)
{
    private readonly List<HistoryEvent> _all = [];
    private long _lastId;

    public IReadOnlyList<HistoryEvent> All => _all;

    public async Task<IReadOnlyList<HistoryEvent>> NextAsync(CancellationToken cancellationToken)
    {
        var fresh = new List<HistoryEvent>();
        await foreach (var page in sfn.GetExecutionHistoryPagesAsync(executionArn, includeExecutionData: false, pageSize: 1000, cancellationToken: cancellationToken)
            .ConfigureAwait(false))
        {
            fresh.AddRange(page.Events.Where(e => e.Id > _lastId));
        }

        if (fresh.Count > 0)
        {
            _lastId = fresh.Max(e => e.Id);
            _all.AddRange(fresh);
        }

        return fresh;
    }
}
