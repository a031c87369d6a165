using System.Text.Json.Nodes;
using Sluice.Asl.Execution;
using Sluice.Asl.History;

namespace Sluice.Asl.Api;

public sealed partial class StepFunctionsService
{
    private static readonly HashSet<string> s_statuses = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE"];

    private ExecutionRecord Begin(JsonObject request, bool sync)
    {
        var machine = Machine(RequiredString(request, "stateMachineArn"));
        var name = OptionalString(request, "name") ?? Guid.NewGuid().ToString();
        CheckName(name);
        var inputText = OptionalString(request, "input") ?? "{}";
        CheckPayloadSize("input", inputText);
        var input = ParseInput(inputText);

        var express = machine.Type == "EXPRESS";
        if (sync && !express)
        {
            throw new ApiException("StateMachineTypeNotSupported", "This operation is not supported by this type of state machine");
        }

        var arn = express
            ? Arn($"express:{machine.Name}:{name}:{Guid.NewGuid()}")
            : Arn($"execution:{machine.Name}:{name}");
        ExecutionRecord exec;
        lock (_lock)
        {
            if (_executions.TryGetValue(arn, out var existing))
            {
                // STANDARD idempotency: the same name and input while running is the same execution.
                if (existing.Status == "RUNNING" && existing.InputText == inputText)
                {
                    return existing;
                }

                throw new ApiException("ExecutionAlreadyExists", $"Execution Already Exists: '{arn}'");
            }

            exec = new ExecutionRecord
            {
                Arn = arn,
                Name = name,
                StateMachineArn = machine.Arn,
                StateMachineName = machine.Name,
                RoleArn = machine.RoleArn,
                Type = machine.Type,
                Definition = machine.Definition,
                DefinitionText = machine.DefinitionText,
                InputText = inputText,
                Input = input,
                StartDate = _options.Clock.UtcNow,
                History = new HistoryLog(() => _options.Clock.UtcNow),
                OnClosed = Closed,
            };
            Attach(exec);
            _executions[arn] = exec;
            _executionsByMachine[machine.Arn].Add(exec);
            SaveExecution(exec);
            Changed();
            _ = Task.Run(() => _engine.RunAsync(exec));
        }

        // Acknowledged only once kept (the run's first events may be kept in the same write).
        Flush();
        return exec;
    }

    /// <summary>Keeps the newest closed histories up to the configured number and releases older ones.</summary>
    private void Closed(ExecutionRecord exec)
    {
        lock (_lock)
        {
            SaveExecution(exec);
            _closedWithHistory.Enqueue(exec);
            while (_closedWithHistory.Count > Math.Max(0, _options.RetainedExecutionHistories))
            {
                var oldest = _closedWithHistory.Dequeue();
                oldest.History.Release();
                oldest.Checkpoints.Clear();
                if (Journaled(oldest))
                {
                    _options.Journal!.ReleaseHistory(oldest.Arn);
                }

                oldest.Input = null;
                // Closed, so StopExecution no longer cancels it.
                oldest.Cancellation.Dispose();
            }
        }

        Changed();
    }

    /// <summary>A redriven execution is open again: its history is no longer among the closed ones to release.</summary>
    private void Reopened(ExecutionRecord exec)
    {
        var others = _closedWithHistory.Where(e => e != exec).ToList();
        _closedWithHistory.Clear();
        foreach (var e in others)
        {
            _closedWithHistory.Enqueue(e);
        }
    }

    private JsonObject StartExecution(JsonObject request)
    {
        var exec = Begin(request, sync: false);
        return new JsonObject { ["executionArn"] = exec.Arn, ["startDate"] = Epoch(exec.StartDate) };
    }

    private async Task<JsonObject> StartSyncExecutionAsync(JsonObject request, CancellationToken ct)
    {
        var exec = Begin(request, sync: true);
        await exec.Completion.Task.WaitAsync(ct).ConfigureAwait(false);
        var result = new JsonObject
        {
            ["executionArn"] = exec.Arn,
            ["stateMachineArn"] = exec.StateMachineArn,
            ["name"] = exec.Name,
            ["startDate"] = Epoch(exec.StartDate),
            ["stopDate"] = Epoch(exec.StopDate ?? exec.StartDate),
            ["status"] = exec.Status,
            ["input"] = exec.InputText,
            ["inputDetails"] = new JsonObject { ["included"] = true },
            ["billingDetails"] = new JsonObject
            {
                ["billedMemoryUsedInMB"] = 64,
                ["billedDurationInMilliseconds"] = Math.Max(100, (long)Math.Ceiling(((exec.StopDate ?? exec.StartDate) - exec.StartDate).TotalMilliseconds / 100) * 100),
            },
        };
        AddOutcome(exec, result);
        return result;
    }

    private static void AddOutcome(ExecutionRecord exec, JsonObject result)
    {
        if (exec.OutputText is not null)
        {
            result["output"] = exec.OutputText;
            result["outputDetails"] = new JsonObject { ["included"] = true };
        }

        if (exec.Error is not null)
        {
            result["error"] = exec.Error;
        }

        if (exec.Cause is not null)
        {
            result["cause"] = exec.Cause;
        }
    }

    private async Task<JsonObject> StopExecutionAsync(JsonObject request, CancellationToken ct)
    {
        var exec = Execution(RequiredString(request, "executionArn"));
        if (exec.Type == "EXPRESS")
        {
            throw new ApiException("ValidationException", "This operation is not supported by this type of state machine");
        }

        if (exec.Status == "RUNNING")
        {
            exec.StopRequest = (OptionalString(request, "error"), OptionalString(request, "cause"));
            await exec.Cancellation.CancelAsync().ConfigureAwait(false);
            try
            {
                await exec.Completion.Task.WaitAsync(TimeSpan.FromSeconds(10), ct).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // A call that ignores cancellation keeps running; the stop is recorded when it returns.
            }

            Flush();
        }

        return new JsonObject { ["stopDate"] = Epoch(exec.StopDate ?? _options.Clock.UtcNow) };
    }

    private JsonObject DescribeExecution(JsonObject request)
    {
        var exec = Execution(RequiredString(request, "executionArn"));
        var result = new JsonObject
        {
            ["executionArn"] = exec.Arn,
            ["stateMachineArn"] = exec.StateMachineArn,
            ["name"] = exec.Name,
            ["status"] = exec.Status,
            ["startDate"] = Epoch(exec.StartDate),
            ["input"] = exec.InputText,
            ["inputDetails"] = new JsonObject { ["included"] = true },
        };
        if (exec.StopDate is { } stop && exec.Status != "RUNNING")
        {
            result["stopDate"] = Epoch(stop);
        }

        AddOutcome(exec, result);
        if (exec.MapRunArn is not null)
        {
            result["mapRunArn"] = exec.MapRunArn;
        }

        result["redriveCount"] = exec.RedriveCount;
        if (exec.RedriveDate is { } redriven)
        {
            result["redriveDate"] = Epoch(redriven);
        }

        var (status, reason) = RedriveStatus(exec);
        result["redriveStatus"] = status;
        if (reason is not null)
        {
            result["redriveStatusReason"] = reason;
        }

        return result;
    }

    private static readonly HashSet<string> s_redriveFilters = ["REDRIVEN", "NOT_REDRIVEN"];

    private JsonObject ListExecutions(JsonObject request)
    {
        var machineArn = OptionalString(request, "stateMachineArn");
        var mapRunArn = OptionalString(request, "mapRunArn");
        if ((machineArn is null) == (mapRunArn is null))
        {
            throw new ApiException("ValidationException", "Exactly one of stateMachineArn and mapRunArn must be specified");
        }

        var filter = OptionalString(request, "statusFilter");
        if (filter is not null && !s_statuses.Contains(filter))
        {
            throw new ApiException("ValidationException", $"1 validation error detected: Value '{filter}' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", s_statuses)}]");
        }

        var redriveFilter = OptionalString(request, "redriveFilter");
        if (redriveFilter is not null && !s_redriveFilters.Contains(redriveFilter))
        {
            throw new ApiException("ValidationException", $"1 validation error detected: Value '{redriveFilter}' at 'redriveFilter' failed to satisfy constraint: Member must satisfy enum value set: [REDRIVEN, NOT_REDRIVEN]");
        }

        var (max, offset) = Page(request, 100);
        IEnumerable<ExecutionRecord> all;
        if (mapRunArn is not null)
        {
            CheckArn(mapRunArn);
            var run = _mapRuns.Find(mapRunArn) ?? throw new ApiException("ResourceNotFound", $"Resource not found: '{mapRunArn}'");
            all = run.Children.Where(c => c.Type == "STANDARD");
        }
        else
        {
            Machine(machineArn!);
            lock (_lock)
            {
                all = [.. _executionsByMachine[machineArn!]];
            }
        }

        List<ExecutionRecord> matching = [.. all
            .Where(e => filter is null || e.Status == filter)
            .Where(e => redriveFilter is null || (redriveFilter == "REDRIVEN") == (e.RedriveCount > 0))
            .Reverse()];
        var page = matching.Skip(offset).Take(max).Select(e =>
        {
            var item = new JsonObject
            {
                ["executionArn"] = e.Arn,
                ["stateMachineArn"] = e.StateMachineArn,
                ["name"] = e.Name,
                ["status"] = e.Status,
                ["startDate"] = Epoch(e.StartDate),
            };
            if (e.StopDate is { } stop && e.Status != "RUNNING")
            {
                item["stopDate"] = Epoch(stop);
            }

            if (e.MapRunArn is not null)
            {
                item["mapRunArn"] = e.MapRunArn;
            }

            item["redriveCount"] = e.RedriveCount;
            if (e.RedriveDate is { } redriven)
            {
                item["redriveDate"] = Epoch(redriven);
            }

            return (JsonNode)item;
        });
        var result = new JsonObject { ["executions"] = new JsonArray([.. page]) };
        if (offset + max < matching.Count)
        {
            result["nextToken"] = Token(offset + max);
        }

        return result;
    }

    private JsonObject GetExecutionHistory(JsonObject request)
    {
        var exec = Execution(RequiredString(request, "executionArn"));
        if (exec.Type == "EXPRESS")
        {
            throw new ApiException("InvalidArn", $"Invalid Arn: 'Resource type not valid in this context: express'");
        }

        if (exec.History.Released)
        {
            throw new ApiException("ExecutionDoesNotExist", $"Execution history no longer held: '{exec.Arn}' closed at {exec.StopDate:O}, and this local Step Functions keeps the histories of the {_options.RetainedExecutionHistories} most recently closed executions only (DescribeExecution still answers)");
        }

        var (max, offset) = Page(request, 100);
        var reverse = JsonValues.TryBoolean(request["reverseOrder"], out var r) && r;
        var includeData = !JsonValues.TryBoolean(request["includeExecutionData"], out var inc) || inc;
        var events = exec.History.Snapshot();
        var page = new JsonArray();
        for (var i = offset; i < Math.Min(events.Count, offset + max); i++)
        {
            // Only the page's events are built from the log.
            page.Add((JsonNode)ToJson(events[reverse ? events.Count - 1 - i : i], includeData));
        }

        var result = new JsonObject { ["events"] = page };
        if (offset + max < events.Count)
        {
            result["nextToken"] = Token(offset + max);
        }

        return result;
    }

    private static JsonObject ToJson(HistoryEvent e, bool includeData)
    {
        var obj = new JsonObject
        {
            ["timestamp"] = Epoch(e.Timestamp),
            ["type"] = e.Type,
            ["id"] = e.Id,
            ["previousEventId"] = e.PreviousEventId,
        };
        if (e.DetailsKey is not null && e.Details() is { } details)
        {
            if (!includeData)
            {
                foreach (var field in new[] { "input", "output", "parameters", "assignedVariables" })
                {
                    details.Remove(field);
                }
            }

            obj[e.DetailsKey] = details;
        }

        return obj;
    }
}
