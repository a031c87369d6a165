using System.Text.Json.Nodes;
using Sluice.Asl.Execution;

namespace Sluice.Asl.Api;

public sealed partial class StepFunctionsService
{
    private MapRunRecord MapRun(string arn)
    {
        CheckArn(arn);
        return _mapRuns.Find(arn) ?? throw new ApiException("ResourceNotFound", $"Resource not found: '{arn}'");
    }

    private JsonObject DescribeMapRun(JsonObject request) => MapRun(RequiredString(request, "mapRunArn")).Describe(Epoch);

    private JsonObject ListMapRuns(JsonObject request)
    {
        var execution = Execution(RequiredString(request, "executionArn"));
        var (max, offset) = Page(request, 100);
        var runs = _mapRuns.ForExecution(execution.Arn);
        var page = runs.Skip(offset).Take(max).Select(r =>
        {
            var item = new JsonObject
            {
                ["executionArn"] = r.ExecutionArn,
                ["mapRunArn"] = r.Arn,
                ["stateMachineArn"] = r.StateMachineArn,
                ["startDate"] = Epoch(r.StartDate),
            };
            if (r.StopDate is { } stop)
            {
                item["stopDate"] = Epoch(stop);
            }

            return (JsonNode)item;
        });
        var result = new JsonObject { ["mapRuns"] = new JsonArray([.. page]) };
        if (offset + max < runs.Count)
        {
            result["nextToken"] = Token(offset + max);
        }

        return result;
    }

    /// <summary>Changes a running map run's MaxConcurrency and tolerances; the run applies them to the items it has yet to start.</summary>
    private JsonObject UpdateMapRun(JsonObject request)
    {
        var run = MapRun(RequiredString(request, "mapRunArn"));
        int? maxConcurrency = null;
        double? percentage = null;
        long? count = null;
        if (request["maxConcurrency"] is { } mc)
        {
            maxConcurrency = JsonValues.IsInteger(mc, out var m) && m is >= 0 and <= int.MaxValue
                ? (int)m
                : throw new ApiException("ValidationException", $"1 validation error detected: Value '{mc.ToJsonString()}' at 'maxConcurrency' failed to satisfy constraint: Member must have value greater than or equal to 0");
        }

        if (request["toleratedFailurePercentage"] is { } tp)
        {
            percentage = JsonValues.TryNumber(tp, out var p) && p is >= 0 and <= 100
                ? p
                : throw new ApiException("ValidationException", $"1 validation error detected: Value '{tp.ToJsonString()}' at 'toleratedFailurePercentage' failed to satisfy constraint: Member must have value between 0 and 100");
        }

        if (request["toleratedFailureCount"] is { } tc)
        {
            count = JsonValues.IsInteger(tc, out var c) && c >= 0
                ? c
                : throw new ApiException("ValidationException", $"1 validation error detected: Value '{tc.ToJsonString()}' at 'toleratedFailureCount' failed to satisfy constraint: Member must have value greater than or equal to 0");
        }

        if (maxConcurrency is null && percentage is null && count is null)
        {
            throw new ApiException("ValidationException", "At least one of maxConcurrency, toleratedFailurePercentage and toleratedFailureCount must be specified");
        }

        if (run.Status != "RUNNING")
        {
            throw new ApiException("ValidationException", $"Map Run is not running: '{run.Arn}' is {run.Status}");
        }

        run.SetLimits(maxConcurrency, percentage, count);
        return [];
    }
}
