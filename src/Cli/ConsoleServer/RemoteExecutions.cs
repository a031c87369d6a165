using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Sluice.Asl.Api;
using Sluice.LocalCloud.WebConsole;
using Sluice.Shared.Aws;
using Sluice.Shared.Executions;

namespace Sluice.Cli.ConsoleServer;

/// <summary>
/// The console's executions read from any Step Functions endpoint, or AWS, through the signed
/// <see cref="StepFunctionsClient"/>: ListStateMachines and ListExecutions for the list (read again at
/// most every <see cref="Relist"/>), DescribeExecution for the rows shown (kept once closed), and
/// DescribeExecution, DescribeStateMachineForExecution and GetExecutionHistory for an execution's page.
/// Rows are read as the local console reads them (<see cref="ExecutionIndex.RowAsync"/>). The order-id
/// text search and the confirmed/rejected outcome filters need each execution's input or output: they
/// describe executions newest first, at most <see cref="DescribeBudget"/> new ones per request.
/// </summary>
internal sealed class RemoteExecutions : IExecutionSource
{
    public static readonly TimeSpan Relist = TimeSpan.FromSeconds(2);
    public const int DescribeBudget = 200;

    private readonly StepFunctionsClient _client;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, ExecutionSnapshot> _described = new(StringComparer.Ordinal);
    private readonly ExecutionIndex _rows;
    private List<(ExecutionListItem Item, string MachineName)> _listed = [];
    private DateTimeOffset _listedAt = DateTimeOffset.MinValue;
    private long _cursor;

    public RemoteExecutions(StepFunctionsClient client, TimeProvider clock)
    {
        _client = client;
        _clock = clock;
        _rows = new ExecutionIndex(() => [], () => 0, CallAsync);
    }

    public async Task<long> CursorAsync(CancellationToken cancellationToken)
    {
        await ListAsync(cancellationToken).ConfigureAwait(false);
        return Interlocked.Read(ref _cursor);
    }

    public async Task<(int Status, string Body)> CallAsync(string action, string request, CancellationToken cancellationToken)
    {
        try
        {
            return (200, await _client.SendAsync(action, request, cancellationToken).ConfigureAwait(false));
        }
        catch (AwsServiceException e)
        {
            return ((int)e.HttpStatusCode, Error(e.ErrorCode, e.ServiceMessage));
        }
        catch (HttpRequestException e)
        {
            return ((int)HttpStatusCode.BadGateway, Error("EndpointUnreachable", e.Message));
        }
    }

    public async Task<ExecutionIndex.Page> PageAsync(ExecutionIndex.Query query, CancellationToken cancellationToken)
    {
        var listed = await ListAsync(cancellationToken).ConfigureAwait(false);
        var cursor = Interlocked.Read(ref _cursor);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (item, _) in listed)
        {
            counts[item.Status] = counts.GetValueOrDefault(item.Status) + 1;
        }

        var budget = DescribeBudget;
        var matched = new List<ExecutionSnapshot?>();
        var pending = new List<(ExecutionListItem Item, string MachineName)>();
        foreach (var (item, machine) in listed)
        {
            if ((query.Status is { } status && item.Status != status) || item.StartDate < query.From || item.StartDate >= query.To)
            {
                continue;
            }

            var needsContent = (query.Outcome is "confirmed" or "rejected" && item.Status == "SUCCEEDED")
                || (query.Text is { Length: > 0 } text && !item.Name.Contains(text, StringComparison.OrdinalIgnoreCase));
            if (!needsContent)
            {
                if (query.Outcome is null || OutcomeByStatus(item.Status) == query.Outcome)
                {
                    matched.Add(null);
                    pending.Add((item, machine));
                }

                continue;
            }

            var snapshot = Known(item);
            if (snapshot is null)
            {
                if (budget == 0)
                {
                    continue;
                }

                budget--;
                snapshot = await DescribeAsync(item, machine, cancellationToken).ConfigureAwait(false);
            }

            if (snapshot is null)
            {
                continue;
            }

            var (outcome, _, _) = ExecutionData.Outcome(snapshot.Status, snapshot.OutputText, snapshot.Error, snapshot.Cause);
            if (query.Outcome is { } wanted && (outcome ?? "running") != wanted)
            {
                continue;
            }

            if (query.Text is { Length: > 0 } q && !snapshot.Name.Contains(q, StringComparison.OrdinalIgnoreCase)
                && !(ExecutionData.OrderId(snapshot.InputText)?.Contains(q, StringComparison.OrdinalIgnoreCase) ?? false))
            {
                continue;
            }

            matched.Add(snapshot);
            pending.Add((item, machine));
        }

        var rows = new List<ExecutionIndex.Row>();
        for (var i = query.Offset; i < Math.Min(matched.Count, query.Offset + query.Limit); i++)
        {
            var snapshot = matched[i] ?? Known(pending[i].Item) ?? await DescribeAsync(pending[i].Item, pending[i].MachineName, cancellationToken).ConfigureAwait(false);
            if (snapshot is not null)
            {
                rows.Add(await _rows.RowAsync(snapshot, cancellationToken).ConfigureAwait(false));
            }
        }

        return new ExecutionIndex.Page(cursor, listed.Count, matched.Count, counts, rows);
    }

    /// <summary>The outcome a status alone decides (the list's outcome filter without reading the execution); null for SUCCEEDED.</summary>
    private static string? OutcomeByStatus(string status) => status switch
    {
        "RUNNING" or "PENDING_REDRIVE" => "running",
        "FAILED" => "failed",
        "TIMED_OUT" => "timed out",
        "ABORTED" => "aborted",
        _ => null,
    };

    /// <summary>A description still true: the execution has not changed status or stop time since it was read.</summary>
    private ExecutionSnapshot? Known(ExecutionListItem item) =>
        _described.TryGetValue(item.ExecutionArn, out var known) && known.Status == item.Status && known.StopDate == item.StopDate && item.Status != "RUNNING" ? known : null;

    private async Task<ExecutionSnapshot?> DescribeAsync(ExecutionListItem item, string machineName, CancellationToken cancellationToken)
    {
        DescribeExecutionResult d;
        try
        {
            d = await _client.DescribeExecutionAsync(item.ExecutionArn, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ExecutionDoesNotExist")
        {
            return null;
        }

        var snapshot = new ExecutionSnapshot(d.ExecutionArn, d.Name ?? item.Name, d.StateMachineArn, machineName, "STANDARD", d.Status, d.StartDate, d.StopDate,
            d.Input ?? "{}", d.Output, d.Error, d.Cause, d.RedriveCount ?? 0);
        _described[item.ExecutionArn] = snapshot;
        return snapshot;
    }

    /// <summary>Every execution of every state machine, newest first; listed again when the last listing is older than <see cref="Relist"/>.</summary>
    private async Task<List<(ExecutionListItem Item, string MachineName)>> ListAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_clock.GetUtcNow() - _listedAt < Relist)
            {
                return _listed;
            }

            var all = new List<(ExecutionListItem Item, string MachineName)>();
            await foreach (var machines in _client.ListStateMachinesPagesAsync(1000, cancellationToken).ConfigureAwait(false))
            {
                foreach (var machine in machines.StateMachines)
                {
                    await foreach (var page in _client.ListExecutionsPagesAsync(machine.StateMachineArn, null, 1000, cancellationToken).ConfigureAwait(false))
                    {
                        all.AddRange(page.Executions.Select(e => (e, machine.Name)));
                    }
                }
            }

            all.Sort((a, b) => b.Item.StartDate != a.Item.StartDate ? b.Item.StartDate.CompareTo(a.Item.StartDate) : string.CompareOrdinal(b.Item.ExecutionArn, a.Item.ExecutionArn));
            var hash = new HashCode();
            foreach (var (item, _) in all)
            {
                hash.Add(item.ExecutionArn, StringComparer.Ordinal);
                hash.Add(item.Status, StringComparer.Ordinal);
                hash.Add(item.StopDate);
            }

            Interlocked.Exchange(ref _cursor, (uint)hash.ToHashCode());
            _listed = all;
            _listedAt = _clock.GetUtcNow();
            return all;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static string Error(string code, string message)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("__type", code);
            writer.WriteString("message", message);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
