using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.LocalCloud.WebConsole;

/// <summary>A Step Functions operation and its JSON request; the status code and the JSON body the service answered.</summary>
internal delegate Task<(int Status, string Body)> StepFunctionsCall(string action, string request, CancellationToken cancellationToken);

/// <summary>
/// Where the console reads executions: the local cloud's own Step Functions in process
/// (<see cref="ExecutionIndex"/>), or any endpoint or AWS through signed calls (<c>sluice console</c>).
/// </summary>
internal interface IExecutionSource
{
    /// <summary>A value that stays the same while no execution started, ended or was redriven.</summary>
    Task<long> CursorAsync(CancellationToken cancellationToken);

    Task<ExecutionIndex.Page> PageAsync(ExecutionIndex.Query query, CancellationToken cancellationToken);

    Task<(int Status, string Body)> CallAsync(string action, string request, CancellationToken cancellationToken);
}

internal static class ExecutionSources
{
    /// <summary>The bodies of every GetExecutionHistory page, oldest events first; null when the history is not held.</summary>
    public static async Task<List<string>?> HistoryPagesAsync(this IExecutionSource source, string executionArn, bool includeData, CancellationToken cancellationToken)
    {
        var pages = new List<string>();
        string? token = null;
        do
        {
            var request = new JsonObject { ["executionArn"] = executionArn, ["maxResults"] = 1000, ["includeExecutionData"] = includeData };
            if (token is not null)
            {
                request["nextToken"] = token;
            }

            var (status, body) = await source.CallAsync("GetExecutionHistory", request.ToJsonString(), cancellationToken).ConfigureAwait(false);
            if (status != 200)
            {
                return null;
            }

            pages.Add(body);
            using var document = JsonDocument.Parse(body);
            token = document.RootElement.TryGetProperty("nextToken", out var next) ? next.GetString() : null;
        }
        while (token is not null);
        return pages;
    }
}
