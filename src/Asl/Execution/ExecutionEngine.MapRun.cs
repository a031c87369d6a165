using System.Text.Json.Nodes;
using Sluice.Asl.Execution.DistributedMap;
using Sluice.Asl.History;
using Sluice.Asl.Query;

namespace Sluice.Asl.Execution;

internal sealed partial class ExecutionEngine
{
    /// <summary>
    /// A Distributed Map: a map run (MapRunStarted, then MapRunSucceeded or MapRunFailed in the parent
    /// history) whose items, read from the input or by an ItemReader, optionally batched, each run as a
    /// child execution with its own history, at most MaxConcurrency at a time; failures count against
    /// ToleratedFailureCount/Percentage; a ResultWriter shapes or exports the results.
    /// </summary>
    private async Task<JsonNode?> DistributedMapAsync(StateRun run, IQueryLanguage ql, JsonNode? effective, CancellationToken ct)
    {
        var state = run.State;
        var lane = run.Frame.Lane;
        var exec = run.Frame.Execution;
        var reader = state.Field("ItemReader") as JsonObject;
        List<MapItem>? items = null;
        if (reader is null)
        {
            var selected = ql.MapItems(run, effective);
            items = ItemsOf(selected, MapItem.StateData)
                ?? throw NotAnArray(run, selected);
        }

        // A distributed Map reports its length (0 until an ItemReader has read) before it reads its limits (as recorded).
        lane.Emit("MapStateStarted", new JsonObject { ["length"] = items?.Count ?? 0 });
        var maxConcurrency = MapLimit(run, ql, effective, "MaxConcurrency", integer: true, max: null) is { } mc ? (int)mc : 0;
        var toleratedCount = MapLimit(run, ql, effective, "ToleratedFailureCount", integer: true, max: null);
        var toleratedPercentage = MapLimit(run, ql, effective, "ToleratedFailurePercentage", integer: false, max: 100);
        var maxItems = reader?["ReaderConfig"] is JsonObject config ? MapLimit(run, ql, effective, "MaxItems", integer: true, max: null, config, rangeChecked: false) : null;
        var batching = state.Field("ItemBatcher") is JsonObject batcher ? BatchLimits(run, ql, effective, batcher) : null;

        var label = state.String("Label") ?? state.Name;
        var record = new MapRunRecord
        {
            Arn = $"arn:{Options.Partition}:states:{Options.Region}:{Options.Account}:mapRun:{exec.StateMachineName}/{label}:{Guid.NewGuid()}",
            ExecutionArn = exec.Arn,
            StateMachineArn = $"arn:{Options.Partition}:states:{Options.Region}:{Options.Account}:stateMachine:{exec.StateMachineName}/{label}",
            StartDate = Options.Clock.UtcNow,
        };
        record.SetLimits(maxConcurrency, toleratedPercentage, toleratedCount is { } c ? (long)c : null);
        MapRuns.Add(record);
        lane.Emit("MapRunStarted", new JsonObject { ["mapRunArn"] = record.Arn });
        run.Started = true;
        try
        {
            if (reader is not null)
            {
                items = await ReadItemsAsync(run, ql, reader, effective, maxItems is { } m ? (long)m : null, ct).ConfigureAwait(false);
            }

            var inputs = items!.Select(item => ql.MapItemInput(run, effective, item)).ToList();
            var batches = batching is { } b ? Batch(run, ql, effective, inputs, b) : [.. inputs.Select(input => (Input: input, Items: 1))];
            var children = await RunChildrenAsync(run, record, batches, ct).ConfigureAwait(false);
            if (record.ToleranceExceeded())
            {
                var failed = children.FirstOrDefault(child => child is { Status: not ("SUCCEEDED" or "ABORTED") });
                throw record.NoTolerance && failed is not null
                    ? new StatesException(failed.Error, failed.Cause)
                    : new StatesException(StatesErrors.ExceedToleratedFailureThreshold, "The specified tolerated failure threshold was exceeded");
            }

            var output = state.Field("ResultWriter") is JsonObject writer
                ? await WriteResultsAsync(run, ql, writer, effective, record, children, ct).ConfigureAwait(false)
                : new JsonArray([.. children.Select(child => ChildResult(child, "COMPACT"))]);
            Close(record, "SUCCEEDED");
            lane.Emit("MapRunSucceeded");
            lane.Emit("MapStateSucceeded", advance: false);
            return output;
        }
        catch (ItemReaderException e)
        {
            throw FailRun(lane, record, new StatesException(StatesErrors.ItemReaderFailed, e.Message));
        }
        catch (ResultWriterException e)
        {
            throw FailRun(lane, record, new StatesException(StatesErrors.ResultWriterFailed, e.Message));
        }
        catch (StatesException e) when (!ct.IsCancellationRequested)
        {
            throw FailRun(lane, record, e);
        }
        catch (OperationCanceledException)
        {
            record.AbortPending();
            Close(record, "ABORTED");
            throw;
        }
    }

    private StatesException FailRun(Lane lane, MapRunRecord record, StatesException error)
    {
        record.AbortPending();
        Close(record, "FAILED");
        lane.Emit("MapRunFailed", ErrorDetails(error.Error, error.Cause));
        return error;
    }

    private void Close(MapRunRecord record, string status)
    {
        record.Status = status;
        record.StopDate = Options.Clock.UtcNow;
    }

    /// <summary>
    /// Starts one child execution per batch while fewer than the run's MaxConcurrency (0: no limit)
    /// run, following UpdateMapRun's changes; once failures exceed the tolerance it stops starting
    /// children and aborts those running.
    /// </summary>
    private async Task<ExecutionRecord?[]> RunChildrenAsync(StateRun run, MapRunRecord record, List<(JsonNode? Input, int Items)> batches, CancellationToken ct)
    {
        var children = new ExecutionRecord?[batches.Count];
        record.Planned(batches.Sum(b => b.Items), batches.Count);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = new List<Task>();
        var next = 0;
        while (next < batches.Count && !record.ToleranceExceeded())
        {
            ct.ThrowIfCancellationRequested();
            running.RemoveAll(t => t.IsCompleted);

            // Taken before reading the limit, so an UpdateMapRun in between still wakes the loop.
            var limitsChanged = record.LimitsChanged;
            if (record.MaxConcurrency == 0 || running.Count < record.MaxConcurrency)
            {
                var index = next++;
                running.Add(RunChildAsync(run, record, batches[index], index, children, stop.Token));
                continue;
            }

            await Task.WhenAny([.. running, limitsChanged]).ConfigureAwait(false);
        }

        if (record.ToleranceExceeded() || ct.IsCancellationRequested)
        {
            record.AbortPending();
            await stop.CancelAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        return children;
    }

    private async Task RunChildAsync(StateRun run, MapRunRecord record, (JsonNode? Input, int Items) batch, int index, ExecutionRecord?[] children, CancellationToken stop)
    {
        var parent = run.Frame.Execution;
        var processor = run.State.Raw["ItemProcessor"] ?? run.State.Raw["Iterator"];
        var type = JsonValues.TryString(processor?["ProcessorConfig"]?["ExecutionType"], out var t) ? t : "STANDARD";
        var name = Guid.NewGuid().ToString();
        var machine = record.StateMachineArn[(record.StateMachineArn.IndexOf(":stateMachine:", StringComparison.Ordinal) + ":stateMachine:".Length)..];
        var child = new ExecutionRecord
        {
            Arn = type == "EXPRESS"
                ? $"arn:{Options.Partition}:states:{Options.Region}:{Options.Account}:express:{machine}:{name}:{Guid.NewGuid()}"
                : $"arn:{Options.Partition}:states:{Options.Region}:{Options.Account}:execution:{machine}:{name}",
            Name = name,
            StateMachineArn = record.StateMachineArn,
            StateMachineName = machine,
            RoleArn = parent.RoleArn,
            Type = type,
            Definition = run.State.Processor!,
            InputText = JsonValues.ToJson(batch.Input),
            Input = batch.Input,
            StartDate = Options.Clock.UtcNow,
            History = new HistoryLog(() => Options.Clock.UtcNow),
            MapRunArn = record.Arn,
        };
        children[index] = child;
        MapRuns.AddChild(record, child);
        record.Started(batch.Items);
        using (stop.Register(() =>
        {
            child.StopRequest ??= (null, null);
            child.Cancellation.Cancel();
        }))
        {
            await RunAsync(child).ConfigureAwait(false);
        }

        record.Finished(batch.Items, child.Status, resultWritten: true);
    }

    /// <summary>
    /// One child's entry in the Map's results: its output (COMPACT, FLATTEN), or its execution
    /// record as AWS exports it (NONE); a failed child is always the record.
    /// </summary>
    private static JsonNode? ChildResult(ExecutionRecord? child, string transformation)
    {
        if (child is null)
        {
            return null;
        }

        if (transformation != "NONE" && child.Status == "SUCCEEDED")
        {
            return child.OutputText is null ? null : JsonValues.Parse(child.OutputText);
        }

        var result = new JsonObject
        {
            ["ExecutionArn"] = child.Arn,
            ["Input"] = child.InputText,
            ["InputDetails"] = new JsonObject { ["Included"] = true },
            ["Name"] = child.Name,
        };
        if (child.Status == "SUCCEEDED")
        {
            result["Output"] = child.OutputText;
            result["OutputDetails"] = new JsonObject { ["Included"] = true };
        }
        else
        {
            if (child.Error is not null)
            {
                result["Error"] = child.Error;
            }

            if (child.Cause is not null)
            {
                result["Cause"] = child.Cause;
            }
        }

        result["RedriveCount"] = child.RedriveCount;
        result["RedriveStatus"] = child.Status == "SUCCEEDED" ? "NOT_REDRIVABLE" : "REDRIVABLE_BY_MAP_RUN";
        if (child.Status == "SUCCEEDED")
        {
            result["RedriveStatusReason"] = "Execution is SUCCEEDED and cannot be redriven";
        }

        result["StartDate"] = FormatIso(child.StartDate);
        result["StateMachineArn"] = child.StateMachineArn;
        result["Status"] = child.Status;
        result["StopDate"] = FormatIso(child.StopDate ?? child.StartDate);
        return result;
    }
}
