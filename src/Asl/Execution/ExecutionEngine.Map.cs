using System.Globalization;
using System.Text.Json.Nodes;
using Sluice.Asl.Definition;
using Sluice.Asl.History;
using Sluice.Asl.Query;

namespace Sluice.Asl.Execution;

internal sealed partial class ExecutionEngine
{
    private async Task<JsonNode?> MapAsync(StateRun run, IQueryLanguage ql, JsonNode? input, CancellationToken ct)
    {
        var state = run.State;
        var processor = (state.Field("ItemProcessor") ?? state.Field("Iterator")) as JsonObject;
        var distributed = processor?["ProcessorConfig"]?["Mode"] is JsonValue mode && mode.ToString() == "DISTRIBUTED";
        var effective = ql.EffectiveInput(run, input, applyParameters: false);
        if (run.Frame.Probe is { Mock: { } mock } probe)
        {
            return MockedMap(run, ql, effective, probe, mock);
        }

        if (distributed)
        {
            return await DistributedMapAsync(run, ql, effective, ct).ConfigureAwait(false);
        }

        var selected = ql.MapItems(run, effective);
        var items = ItemsOf(selected, MapItem.StateData)
            ?? throw NotAnArray(run, selected);
        var lane = run.Frame.Lane;
        var maxConcurrency = MapLimit(run, ql, effective, "MaxConcurrency", integer: true, max: null) is { } mc ? (int)mc : 0;
        var toleratedCount = (double?)null;
        var toleratedPercentage = (double?)null;
        var tolerance = false;

        lane.Emit("MapStateStarted", new JsonObject { ["length"] = items.Count });
        run.Started = true;
        var results = new JsonNode?[items.Count];
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var gate = new SemaphoreSlim(maxConcurrency > 0 ? maxConcurrency : int.MaxValue);
        var running = new List<Task>();
        var failures = 0;
        StatesException? failure = null;
        long failedLast = 0;
        var sync = new Lock();

        bool Exceeded() =>
            (toleratedCount is null && toleratedPercentage is null && failures > 0)
            || (toleratedCount is { } c && failures > c && (toleratedPercentage is null || failures * 100.0 / items.Count > toleratedPercentage))
            || (toleratedPercentage is { } p && failures * 100.0 / items.Count > p && (toleratedCount is null || failures > toleratedCount));

        var replay = run.TakeReplay();
        var checkpoints = run.Frame.Execution.Checkpoints;

        async Task Iterate(int index, JsonNode? itemInput)
        {
            var details = new JsonObject { ["index"] = index, ["name"] = state.Name };
            var started = lane.Emit("MapIterationStarted", details);
            var iterationLane = new Lane(lane.Log, started);
            var path = Checkpoints.Child(run.Frame.Path, state.Name, index);
            if (!replay)
            {
                checkpoints.Forget(path);
            }

            var frame = new Frame(run.Frame.Execution, iterationLane, checkpoints.Scope(path, run.Variables, replay), path: path);
            try
            {
                results[index] = await RunProgramAsync(state.Processor!, itemInput, frame, cts.Token, replay).ConfigureAwait(false);
                checkpoints.Succeeded(path, results[index]);
                lock (sync)
                {
                    lane.Last = iterationLane.Last;
                }

                lane.Emit("MapIterationSucceeded", details.DeepClone().AsObject(), advance: false);
            }
            catch (StatesException e)
            {
                lock (sync)
                {
                    failures++;
                    lane.Last = iterationLane.Last;
                    lane.Emit("MapIterationFailed", details.DeepClone().AsObject(), advance: false);
                    if (failure is null && Exceeded())
                    {
                        failure = tolerance
                            ? new StatesException(StatesErrors.ExceedToleratedFailureThreshold, "The specified tolerated failure threshold was exceeded")
                            : e;
                        failedLast = iterationLane.Last;
                        cts.Cancel();
                    }
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                lane.Emit("MapIterationAborted", details.DeepClone().AsObject(), advance: false);
            }
            finally
            {
                gate.Release();
            }
        }

        for (var i = 0; i < items.Count && failure is null; i++)
        {
            if (replay && checkpoints.TrySucceeded(Checkpoints.Child(run.Frame.Path, state.Name, i), out var kept))
            {
                // A redrive reruns only the iterations that did not succeed.
                results[i] = kept;
                continue;
            }

            var itemInput = ql.MapItemInput(run, effective, items[i]);
            await gate.WaitAsync(ct).ConfigureAwait(false);
            if (failure is not null)
            {
                gate.Release();
                break;
            }

            running.Add(Iterate(i, itemInput));
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        if (failure is not null)
        {
            lane.Last = failedLast;
            throw failure;
        }

        lane.Last = lane.Log.LastId;
        lane.Emit("MapStateSucceeded", advance: false);
        return new JsonArray([.. results]);
    }

    /// <summary>
    /// A Map under TestState with a mock: its items, item inputs, batches and limits are evaluated
    /// (and inspected), the iterations do not run, and the mock is their results; with mapIterationFailureCount the
    /// state's tolerated failure threshold is applied to that many failed iterations.
    /// </summary>
    private static JsonNode? MockedMap(StateRun run, IQueryLanguage ql, JsonNode? effective, TestProbe probe, TestMock mock)
    {
        var state = run.State;
        int? itemCount = null;
        if (state.Field("ItemReader") is null)
        {
            var selected = ql.MapItems(run, effective);
            var items = ItemsOf(selected, MapItem.StateData) ?? throw NotAnArray(run, selected);
            itemCount = items.Count;
            if (state.Has("ItemsPath"))
            {
                probe.Record("afterItemsPath", selected);
            }

            // What each iteration would be given, as AWS's InspectionData documents it: the items
            // through ItemSelector (or a Map's Parameters), then grouped by ItemBatcher.
            var batcher = state.Field("ItemBatcher") as JsonObject;
            if (state.Has("ItemSelector") || state.Has("Parameters") || batcher is not null)
            {
                var inputs = items.Select(item => ql.MapItemInput(run, effective, item)).ToList();
                if (state.Has("ItemSelector") || state.Has("Parameters"))
                {
                    probe.Record("afterItemSelector", new JsonArray([.. inputs.Select(i => i?.DeepClone())]));
                }

                if (batcher is not null)
                {
                    var batches = Batch(run, ql, effective, inputs, BatchLimits(run, ql, effective, batcher));
                    probe.Record("afterItemBatcher", new JsonArray([.. batches.Select(b => b.Input?.DeepClone())]));
                }
            }
        }

        probe.Inspection["maxConcurrency"] = MapLimit(run, ql, effective, "MaxConcurrency", integer: true, max: null) is { } mc ? (int)mc : 0;
        var toleratedCount = MapLimit(run, ql, effective, "ToleratedFailureCount", integer: true, max: null);
        var toleratedPercentage = MapLimit(run, ql, effective, "ToleratedFailurePercentage", integer: false, max: 100);
        if (toleratedCount is { } count)
        {
            probe.Inspection["toleratedFailureCount"] = (int)count;
        }

        if (toleratedPercentage is { } percentage)
        {
            probe.Inspection["toleratedFailurePercentage"] = percentage;
        }

        var result = mock.Outcome();
        if (probe.MapIterationFailureCount is { } failures && (toleratedCount is not null || toleratedPercentage is not null))
        {
            var total = itemCount ?? (result as JsonArray)?.Count ?? 0;
            var overCount = toleratedCount is null || failures > toleratedCount;
            var overPercentage = toleratedPercentage is null || (total > 0 && failures * 100.0 / total > toleratedPercentage);
            if (overCount && overPercentage)
            {
                throw new StatesException(StatesErrors.ExceedToleratedFailureThreshold, "The specified tolerated failure threshold was exceeded");
            }
        }

        return result;
    }

    private static StatesException NotAnArray(StateRun run, JsonNode? selected)
    {
        var detail = $"Map state input must be an array but was: {JsonValues.ToJson(selected)}";
        return run.State.QueryLanguage == QueryLanguageKind.Jsonata
            ? JsonataLanguage.QueryError(run, null, detail)
            : run.Runtime(detail, StatesErrors.QueryEvaluationError);
    }

    /// <summary>A Map's items: an array's elements, or an object's key-value pairs in document order.</summary>
    internal static List<MapItem>? ItemsOf(JsonNode? items, string source) => items switch
    {
        JsonArray array => [.. array.Select((value, i) => new MapItem(i, value, null, source))],
        JsonObject obj => [.. obj.Select((pair, i) => new MapItem(i, pair.Value, pair.Key, source))],
        _ => null,
    };

    /// <param name="container">Where the field is, when not on the state itself (ReaderConfig, ItemBatcher).</param>
    /// <param name="rangeChecked">False for MaxItems, whose negative value fails the map run itself (as recorded).</param>
    private static double? MapLimit(StateRun run, IQueryLanguage ql, JsonNode? input, string field, bool integer, double? max, JsonObject? container = null, bool rangeChecked = true)
    {
        var value = ql.FieldValue(run, input, field, out var found, out var fromPath, container);
        if (!found)
        {
            return null;
        }

        // A path may point at a number or at a string holding one ("1").
        if (fromPath && JsonValues.TryString(value, out var text)
            && double.TryParse(text, System.Globalization.NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
        {
            value = JsonValues.Number(parsed);
        }

        var valid = integer
            ? JsonValues.TryNumber(value, out var d) && d == Math.Floor(d)
            : JsonValues.TryNumber(value, out _);
        if (!valid)
        {
            throw run.Runtime(fromPath
                ? $"The {field}Path field refers to value \"{(JsonValues.TryString(value, out var s) ? s : JsonValues.ToJson(value))}\" which is not a valid {(integer ? "integer" : "float")}: {(container ?? run.State.Raw)[field + "Path"]}"
                : $"The {field} field must be a non-negative {(integer ? "integer" : "number")}.");
        }

        JsonValues.TryNumber(value, out var number);
        if (!rangeChecked)
        {
            return number;
        }

        if (number < 0 && field == "ToleratedFailureCount")
        {
            throw run.Runtime("ToleratedFailureCount cannot be negative.");
        }

        if (number < 0 || (max is { } m && number > m))
        {
            throw run.Runtime(field == "ToleratedFailurePercentage"
                ? "ToleratedFailurePercentage must be between 0 and 100."
                : $"{field} must be a non-negative {(integer ? "integer" : "number")}: {number.ToString(CultureInfo.InvariantCulture)}");
        }

        return number;
    }
}
