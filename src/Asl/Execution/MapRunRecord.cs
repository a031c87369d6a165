using System.Text.Json.Nodes;

namespace Sluice.Asl.Execution;

/// <summary>
/// One run of a Distributed Map (DescribeMapRun, ListMapRuns, UpdateMapRun): its limits, which
/// UpdateMapRun may change while it runs, its counts of items and child executions, and the child
/// executions themselves.
/// </summary>
internal sealed class MapRunRecord
{
    private readonly Lock _lock = new();
    private readonly List<ExecutionRecord> _children = [];
    private TaskCompletionSource _limitsChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public required string Arn { get; init; }

    public required string ExecutionArn { get; init; }

    /// <summary>The child executions' state machine: arn:...:stateMachine:machine/label.</summary>
    public required string StateMachineArn { get; init; }

    public required DateTimeOffset StartDate { get; init; }

    public DateTimeOffset? StopDate { get; set; }

    public string Status { get; set; } = "RUNNING";

    public int MaxConcurrency { get; private set; }

    public double ToleratedFailurePercentage { get; private set; }

    public long ToleratedFailureCount { get; private set; }

    /// <summary>True when the definition gave neither tolerance, so any failure fails the run with the child's error.</summary>
    public bool NoTolerance { get; private set; } = true;

    public int RedriveCount { get; set; }

    public DateTimeOffset? RedriveDate { get; set; }

    public Counts Items { get; } = new();

    public Counts Executions { get; } = new();

    /// <summary>Completes (and is replaced) whenever UpdateMapRun changes a limit.</summary>
    public Task LimitsChanged
    {
        get
        {
            lock (_lock)
            {
                return _limitsChanged.Task;
            }
        }
    }

    public IReadOnlyList<ExecutionRecord> Children
    {
        get
        {
            lock (_lock)
            {
                return [.. _children];
            }
        }
    }

    public void AddChild(ExecutionRecord child)
    {
        lock (_lock)
        {
            _children.Add(child);
        }
    }

    public void SetLimits(int? maxConcurrency, double? percentage, long? count)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            MaxConcurrency = maxConcurrency ?? MaxConcurrency;
            if (percentage is not null || count is not null)
            {
                NoTolerance = false;
            }

            ToleratedFailurePercentage = percentage ?? ToleratedFailurePercentage;
            ToleratedFailureCount = count ?? ToleratedFailureCount;
            changed = _limitsChanged;
            _limitsChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>True when failed items exceed what the run tolerates (a count, a percentage of all items, or none).</summary>
    public bool ToleranceExceeded()
    {
        lock (_lock)
        {
            var failed = Items.Failed + Items.TimedOut + Items.Aborted;
            if (failed == 0)
            {
                return false;
            }

            if (NoTolerance)
            {
                return true;
            }

            return failed > ToleratedFailureCount && failed * 100.0 / Math.Max(1, Items.Total) > ToleratedFailurePercentage;
        }
    }

    public JsonObject Describe(Func<DateTimeOffset, double> epoch)
    {
        lock (_lock)
        {
            var result = new JsonObject
            {
                ["mapRunArn"] = Arn,
                ["executionArn"] = ExecutionArn,
                ["status"] = Status,
                ["startDate"] = epoch(StartDate),
                ["maxConcurrency"] = MaxConcurrency,
                ["toleratedFailurePercentage"] = ToleratedFailurePercentage,
                ["toleratedFailureCount"] = ToleratedFailureCount,
                ["itemCounts"] = Items.ToJson(),
                ["executionCounts"] = Executions.ToJson(),
                ["redriveCount"] = RedriveCount,
            };
            if (StopDate is { } stop)
            {
                result["stopDate"] = epoch(stop);
            }

            if (RedriveDate is { } redrive)
            {
                result["redriveDate"] = epoch(redrive);
            }

            return result;
        }
    }

    /// <summary>How many items (or child executions) are in each state; changed under the run's lock by the engine.</summary>
    internal sealed class Counts
    {
        public long Pending { get; set; }

        public long Running { get; set; }

        public long Succeeded { get; set; }

        public long Failed { get; set; }

        public long TimedOut { get; set; }

        public long Aborted { get; set; }

        public long Total { get; set; }

        public long ResultsWritten { get; set; }

        public long PendingRedrive { get; set; }

        public long FailuresNotRedrivable { get; set; }

        public JsonObject ToJson() => new()
        {
            ["pending"] = Pending,
            ["running"] = Running,
            ["succeeded"] = Succeeded,
            ["failed"] = Failed,
            ["timedOut"] = TimedOut,
            ["aborted"] = Aborted,
            ["total"] = Total,
            ["resultsWritten"] = ResultsWritten,
            ["failuresNotRedrivable"] = FailuresNotRedrivable,
            ["pendingRedrive"] = PendingRedrive,
        };
    }

    /// <summary>Counts <paramref name="items"/> items in <paramref name="executions"/> child executions as waiting to start.</summary>
    public void Planned(long items, long executions)
    {
        lock (_lock)
        {
            Items.Total += items;
            Items.Pending += items;
            Executions.Total += executions;
            Executions.Pending += executions;
        }
    }

    /// <summary>A child execution holding <paramref name="items"/> items started.</summary>
    public void Started(long items)
    {
        lock (_lock)
        {
            Items.Pending -= items;
            Items.Running += items;
            Executions.Pending--;
            Executions.Running++;
        }
    }

    /// <summary>A child execution holding <paramref name="items"/> items closed with <paramref name="status"/> (SUCCEEDED, FAILED, TIMED_OUT or ABORTED).</summary>
    public void Finished(long items, string status, bool resultWritten)
    {
        lock (_lock)
        {
            Items.Running -= items;
            Executions.Running--;
            foreach (var counts in new[] { Items, Executions })
            {
                var n = counts == Items ? items : 1;
                switch (status)
                {
                    case "SUCCEEDED":
                        counts.Succeeded += n;
                        break;
                    case "TIMED_OUT":
                        counts.TimedOut += n;
                        break;
                    case "ABORTED":
                        counts.Aborted += n;
                        break;
                    default:
                        counts.Failed += n;
                        break;
                }

                if (resultWritten)
                {
                    counts.ResultsWritten += n;
                }
            }
        }
    }

    /// <summary>Items never started because the run stopped early are aborted, as AWS reports them.</summary>
    public void AbortPending()
    {
        lock (_lock)
        {
            Items.Aborted += Items.Pending;
            Items.Pending = 0;
            Executions.Aborted += Executions.Pending;
            Executions.Pending = 0;
        }
    }
}
