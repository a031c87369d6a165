using System.Text.Json.Nodes;
using Sluice.Asl.Definition;
using Sluice.Asl.History;

namespace Sluice.Asl.Execution;

internal sealed partial class ExecutionEngine
{
    /// <summary>AWS ends a TestState call that runs longer than five minutes with States.Timeout.</summary>
    private static readonly TimeSpan s_testStateLimit = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Runs one state once, as the TestState API does: no retries (a matching retrier makes the
    /// status RETRIABLE), a Catch gives CAUGHT_ERROR with the catcher's next state, and with
    /// <paramref name="inspect"/> the data after each processing step.
    /// </summary>
    public async Task<JsonObject> TestStateAsync(ExecutionRecord scratch, StateDefinition state, JsonNode? input, VariableScope variables, TestProbe probe, bool inspect, CancellationToken ct)
    {
        probe.Record("input", input);
        var frame = new Frame(scratch, new Lane(scratch.History, 0), variables) { Probe = probe };
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(s_testStateLimit);
        var response = new JsonObject();
        string status;
        try
        {
            var (_, next, outputText) = await RunStateAsync(state, input, frame, limit.Token).ConfigureAwait(false);
            // A mocked result that reaches the output unchanged is answered as the request wrote it, spacing and all, as AWS answers it.
            response["output"] = probe.Caught is null && probe.Mock is { Result: { } mocked, ResultText: { } verbatim } && outputText == JsonValues.ToJson(mocked)
                ? verbatim
                : outputText;
            if (next is not null)
            {
                response["nextState"] = next;
            }

            status = probe.Caught is null ? "SUCCEEDED" : "CAUGHT_ERROR";
            if (probe.Caught is { } caught)
            {
                AddError(response, caught);
            }
        }
        catch (RetriableException e)
        {
            AddError(response, e.Error);
            status = "RETRIABLE";
        }
        catch (StatesException e)
        {
            AddError(response, e);
            status = "FAILED";
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            AddError(response, new StatesException(StatesErrors.Timeout, "The state ran longer than the TestState limit of five minutes."));
            status = "FAILED";
        }

        if (inspect)
        {
            // The variables after the state: those the request gave and those the state assigned (AWS leaves the field out when there are none).
            var visible = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            variables.CopyTo(visible);
            if (visible.Count > 0)
            {
                var all = new JsonObject();
                foreach (var (name, value) in visible)
                {
                    all[name] = value?.DeepClone();
                }

                probe.Record("variables", all);
            }

            response["inspectionData"] = probe.Inspection;
        }

        response["status"] = status;
        return response;
    }

    private static void AddError(JsonObject response, StatesException e)
    {
        if (e.Error is not null)
        {
            response["error"] = e.Error;
        }

        if (e.Cause is not null)
        {
            response["cause"] = e.Cause;
        }
    }
}
