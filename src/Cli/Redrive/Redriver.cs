using Sluice.Shared.Aws;

namespace Sluice.Cli.Redrive;

/// <summary>Redrives one execution, or on a dry run asks DescribeExecution whether RedriveExecution would accept it.</summary>
internal static class Redriver
{
    public static async Task<RedriveResult> RunAsync(StepFunctionsClient sfn, RedriveCandidate candidate, bool dryRun, CancellationToken cancellationToken)
    {
        var result = new RedriveResult { Execution = candidate.ExecutionArn, Name = candidate.Name, Status = candidate.Status, Result = RedriveResult.Redriven };
        try
        {
            if (dryRun)
            {
                var described = await sfn.DescribeExecutionAsync(candidate.ExecutionArn, cancellationToken).ConfigureAwait(false);
                return described.RedriveStatus switch
                {
                    "REDRIVABLE" => result with { Status = described.Status, Result = RedriveResult.WouldRedrive },
                    "REDRIVABLE_BY_MAP_RUN" => result with { Status = described.Status, Result = RedriveResult.NotRedrivable, Reason = "a child of a Map Run; redrive its parent execution" },
                    var other => result with
                    {
                        Status = described.Status,
                        Result = RedriveResult.NotRedrivable,
                        Reason = described.RedriveStatusReason ?? $"redrive status {other ?? "not given"}",
                    },
                };
            }

            // A fresh client token per execution: the client keeps it across its own retries, and a
            // second `sluice redrive` is a new request (the execution is RUNNING, so it is refused).
            var redriven = await sfn.RedriveExecutionAsync(candidate.ExecutionArn, cancellationToken: cancellationToken).ConfigureAwait(false);
            return result with { RedriveDate = redriven.RedriveDate };
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ExecutionNotRedrivable")
        {
            return result with { Result = RedriveResult.NotRedrivable, Reason = e.ServiceMessage };
        }
        catch (AwsServiceException e) when (e.ErrorCode is "ExecutionLimitExceeded" or "ExecutionDoesNotExist" or "InvalidArn" or "ValidationException")
        {
            return result with { Result = RedriveResult.Refused, Reason = $"{e.ErrorCode}: {e.ServiceMessage}" };
        }
    }
}
