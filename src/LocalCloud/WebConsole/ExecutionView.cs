using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Shared.Aws;
using Sluice.Shared.Executions;

namespace Sluice.LocalCloud.WebConsole;

/// <summary>
/// One execution for the console's execution page: DescribeExecution (with the order id and outcome
/// as <c>sluice watch</c> reads them), the state machine's definition as the execution ran it, the
/// history with each event's lane and state, and each state's runs (<see cref="ExecutionSteps"/>)
/// with the ids of the events that carry their input and output.
/// </summary>
internal static class ExecutionView
{
    public sealed record Result(byte[]? Body, (int Status, string Code, string Message)? Error);

    public static async Task<Result> ReadAsync(IExecutionSource source, string arn, CancellationToken cancellationToken)
    {
        var (described, error) = await CallAsync(source, "DescribeExecution", arn, cancellationToken).ConfigureAwait(false);
        if (described is null)
        {
            return new Result(null, error);
        }

        var (machine, machineError) = await CallAsync(source, "DescribeStateMachineForExecution", arn, cancellationToken).ConfigureAwait(false);
        if (machine is null)
        {
            return new Result(null, machineError);
        }

        var status = (string?)described["status"] ?? "RUNNING";
        var (outcome, outcomeError, outcomeCause) = ExecutionData.Outcome(status, (string?)described["output"], (string?)described["error"], (string?)described["cause"]);
        described["orderId"] = ExecutionData.OrderId((string?)described["input"]);
        described["outcome"] = outcome;
        described["outcomeError"] = outcomeError;
        described["outcomeCause"] = outcomeCause;

        var result = new JsonObject
        {
            ["execution"] = described,
            ["stateMachineName"] = machine["name"]?.DeepClone(),
            ["definition"] = machine["definition"]?.DeepClone(),
        };

        var pages = await source.HistoryPagesAsync(arn, includeData: true, cancellationToken).ConfigureAwait(false);
        if (pages is null)
        {
            result["historyHeld"] = false;
            return new Result(Encoding.UTF8.GetBytes(result.ToJsonString()), null);
        }

        var history = pages.SelectMany(p => GetExecutionHistoryResult.Parse(p).Events).ToList();
        var steps = ExecutionSteps.Build(history, executionEnded: status != "RUNNING", (outcomeError, outcomeCause));
        var traced = steps.Events.ToDictionary(e => e.Id);
        var (failedState, catchingState, _) = outcome is null or "confirmed" ? default : steps.Failure(outcome, outcomeError, outcomeCause);
        described["failedState"] = failedState;
        described["catchingState"] = catchingState;

        // Which event ended each state's run: its StateExited in the same lane.
        var openByLane = new Dictionary<string, long>(StringComparer.Ordinal);
        var exitedBy = new Dictionary<long, long>();
        var events = new JsonArray();
        foreach (var page in pages)
        {
            using var document = JsonDocument.Parse(page);
            foreach (var element in document.RootElement.GetProperty("events").EnumerateArray())
            {
                JsonObject e = JsonNode.Parse(element.GetRawText())!.AsObject();
                var id = (long)e["id"]!;
                if (traced.TryGetValue(id, out var t))
                {
                    e["lane"] = t.Lane;
                    e["state"] = t.State;
                    e["elapsedSeconds"] = t.ElapsedSeconds;
                    if (t.Type.EndsWith("StateEntered", StringComparison.Ordinal))
                    {
                        openByLane[t.Lane] = id;
                    }
                    else if (t.Type.EndsWith("StateExited", StringComparison.Ordinal) && openByLane.Remove(t.Lane, out var entered))
                    {
                        exitedBy[entered] = id;
                    }
                }

                events.Add((JsonNode)e);
            }
        }

        result["historyHeld"] = true;
        result["events"] = events;
        result["steps"] = new JsonArray([.. steps.Steps.Select(s => (JsonNode)new JsonObject
        {
            ["state"] = s.State,
            ["type"] = s.Type,
            ["lane"] = s.Lane,
            ["status"] = s.Status,
            ["start"] = s.Start.ToUnixTimeMilliseconds(),
            ["end"] = s.End?.ToUnixTimeMilliseconds(),
            ["attempts"] = s.Attempts,
            ["error"] = s.Error,
            ["cause"] = s.Cause,
            ["enteredEventId"] = s.EnteredEventId,
            ["exitedEventId"] = exitedBy.TryGetValue(s.EnteredEventId, out var exited) ? exited : null,
        })]);
        return new Result(Encoding.UTF8.GetBytes(result.ToJsonString()), null);
    }

    private static async Task<(JsonObject? Answer, (int, string, string)? Error)> CallAsync(IExecutionSource source, string action, string arn, CancellationToken cancellationToken)
    {
        var request = new JsonObject { ["executionArn"] = arn };
        var (status, text) = await source.CallAsync(action, request.ToJsonString(), cancellationToken).ConfigureAwait(false);
        var body = JsonNode.Parse(text)?.AsObject() ?? [];
        if (status == 200)
        {
            return (body, null);
        }

        var type = (string?)body["__type"] ?? "InternalFailure";
        return (null, (status, type[(type.LastIndexOf('#') + 1)..], (string?)body["message"] ?? ""));
    }
}
