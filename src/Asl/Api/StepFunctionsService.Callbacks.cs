using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Asl.Execution;

namespace Sluice.Asl.Api;

public sealed partial class StepFunctionsService
{
    private TaskTokens.Waiter Waiter(JsonObject request)
    {
        var token = RequiredString(request, "taskToken");
        if (token.Length is 0 or > 2048)
        {
            throw new ApiException("InvalidToken", "Invalid Token: 'Invalid token'");
        }

        var waiter = _tokens.Find(token) ?? throw new ApiException("TaskDoesNotExist", "Task Does Not Exist: the task token is unknown or its task has already finished");
        return waiter.Outcome.Task.IsCompleted
            ? throw new ApiException("TaskTimedOut", "Task Timed Out: the task is no longer waiting for this token")
            : waiter;
    }

    private JsonObject SendTaskSuccess(JsonObject request)
    {
        var waiter = Waiter(request);
        var text = RequiredString(request, "output");
        CheckPayloadSize("output", text);
        JsonNode? output;
        try
        {
            output = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw new ApiException("InvalidOutput", $"Invalid Output: '{e.Message}'");
        }

        waiter.Outcome.TrySetResult(new TaskOutcome(output, null, null, Failed: false));
        return [];
    }

    private JsonObject SendTaskFailure(JsonObject request)
    {
        var waiter = Waiter(request);
        waiter.Outcome.TrySetResult(new TaskOutcome(null, OptionalString(request, "error"), OptionalString(request, "cause"), Failed: true));
        return [];
    }

    private JsonObject SendTaskHeartbeat(JsonObject request)
    {
        Waiter(request).Heartbeat();
        return [];
    }
}
