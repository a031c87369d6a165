using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sluice.Asl.Execution;

namespace Sluice.Asl.Api;

public sealed partial class StepFunctionsService
{
    /// <summary>AWS's redrivable period: 14 days from the end of the execution.</summary>
    private static readonly TimeSpan s_redrivablePeriod = TimeSpan.FromDays(14);

    /// <summary>AWS keeps room for ExecutionRedriven and one more event under the 25,000-event history limit.</summary>
    private const int MaxHistoryEventsToRedrive = 24_999;

    /// <summary>AWS's hard limit on redrives of one execution.</summary>
    private const int MaxRedrives = 1000;

    /// <summary>AWS answers a repeated client token with the first redrive for 15 minutes, for the last 10 tokens.</summary>
    private static readonly TimeSpan s_clientTokenLifetime = TimeSpan.FromMinutes(15);

    private const int ClientTokensKept = 10;

    /// <summary>
    /// RedriveExecution: reopens a FAILED, TIMED_OUT or ABORTED Standard execution under its own ARN
    /// and continues it from the states that did not succeed (see <see cref="Checkpoints"/>). A
    /// refusal is ExecutionNotRedrivable with the reason DescribeExecution gives as redriveStatusReason.
    /// </summary>
    private JsonObject RedriveExecution(JsonObject request)
    {
        var arn = RequiredString(request, "executionArn");
        if (arn.Length is 0 or > 256)
        {
            throw new ApiException("ValidationException", $"1 validation error detected: Value '{arn}' at 'executionArn' failed to satisfy constraint: Member must have length between 1 and 256");
        }

        var token = OptionalString(request, "clientToken");
        if (token is not null && (token.Length is 0 or > 64 || !ClientTokenPattern().IsMatch(token)))
        {
            throw new ApiException("ValidationException", $"1 validation error detected: Value '{token}' at 'clientToken' failed to satisfy constraint: Member must satisfy regular expression pattern: [!-~]+ and have length between 1 and 64");
        }

        var exec = Execution(arn);
        DateTimeOffset redriven;
        lock (_lock)
        {
            var now = _options.Clock.UtcNow;
            if (token is not null)
            {
                exec.RedriveTokens.RemoveAll(t => now - t.Used > s_clientTokenLifetime);
                foreach (var (used, _, date) in exec.RedriveTokens)
                {
                    if (used == token)
                    {
                        return new JsonObject { ["redriveDate"] = Epoch(date) };
                    }
                }
            }

            var (status, reason) = RedriveStatus(exec);
            if (status == "REDRIVABLE_BY_MAP_RUN")
            {
                throw new ApiException("ExecutionNotRedrivable", "Execution is a child workflow of a Map Run; redrive its parent workflow to redrive the Map Run");
            }

            if (status != "REDRIVABLE")
            {
                throw new ApiException("ExecutionNotRedrivable", reason!);
            }

            exec.Reopen(now);
            if (token is not null)
            {
                exec.RedriveTokens.Add((token, now, now));
                if (exec.RedriveTokens.Count > ClientTokensKept)
                {
                    exec.RedriveTokens.RemoveAt(0);
                }
            }

            Reopened(exec);
            SaveExecution(exec);
            Changed();
            _ = Task.Run(() => _engine.RunAsync(exec));
            redriven = now;
        }

        Flush();
        return new JsonObject { ["redriveDate"] = Epoch(redriven) };
    }

    [GeneratedRegex("^[!-~]+$")]
    private static partial Regex ClientTokenPattern();

    /// <summary>
    /// Whether RedriveExecution would accept the execution now, with AWS's reason when it would not
    /// (the reasons DescribeExecution documents for redriveStatusReason).
    /// </summary>
    private (string Status, string? Reason) RedriveStatus(ExecutionRecord exec)
    {
        if (exec.Status is "RUNNING" or "SUCCEEDED")
        {
            return ("NOT_REDRIVABLE", $"Execution is {exec.Status} and cannot be redriven");
        }

        if (exec.MapRunArn is not null)
        {
            return ("REDRIVABLE_BY_MAP_RUN", null);
        }

        if (exec.Type == "EXPRESS")
        {
            return ("NOT_REDRIVABLE", "Execution is of type EXPRESS and cannot be redriven");
        }

        if (!MachineExists(exec.StateMachineArn))
        {
            return ("NOT_REDRIVABLE", "State machine is in DELETING status");
        }

        if (exec.StopDate is { } stop && _options.Clock.UtcNow - stop > s_redrivablePeriod)
        {
            return ("NOT_REDRIVABLE", "Execution redrivable period exceeded");
        }

        if (_options.Clock.UtcNow - exec.StartDate > TimeSpan.FromDays(365))
        {
            return ("NOT_REDRIVABLE", "Execution has exceeded the max execution time");
        }

        if (exec.History.Released || exec.History.LastId >= MaxHistoryEventsToRedrive)
        {
            return ("NOT_REDRIVABLE", "Execution history event limit exceeded");
        }

        if (exec.RedriveCount >= MaxRedrives)
        {
            return ("NOT_REDRIVABLE", "Execution has reached the limit of 1000 redrives");
        }

        return ("REDRIVABLE", null);
    }

    private bool MachineExists(string arn)
    {
        lock (_lock)
        {
            return _machines.ContainsKey(arn);
        }
    }
}
