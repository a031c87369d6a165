namespace Sluice.Cli.Redrive;

/// <summary>What <c>sluice redrive</c> did about one execution (one line of its report).</summary>
internal sealed record RedriveResult
{
    /// <summary>RedriveExecution reopened the execution; it runs again from the states that did not succeed.</summary>
    public const string Redriven = "redriven";

    /// <summary>On a dry run: DescribeExecution says REDRIVABLE.</summary>
    public const string WouldRedrive = "would redrive";

    /// <summary>Step Functions refused it (ExecutionNotRedrivable, or NOT_REDRIVABLE on a dry run), with its reason.</summary>
    public const string NotRedrivable = "not redrivable";

    /// <summary>Another refusal (ExecutionLimitExceeded, ExecutionDoesNotExist...): the error code and message.</summary>
    public const string Refused = "refused";

    /// <summary>An id given on the command line that names no execution and no order.</summary>
    public const string NotFound = "not found";

    /// <summary>The ARN, or the id as given when it named nothing.</summary>
    public required string Execution { get; init; }

    public required string Name { get; init; }

    /// <summary>The status before the redrive (FAILED, TIMED_OUT, ABORTED, or what stopped it); null when not found.</summary>
    public string? Status { get; init; }

    public required string Result { get; init; }

    public string? Reason { get; init; }

    public DateTimeOffset? RedriveDate { get; init; }

    /// <summary>Whether this execution is done with: redriven, or would be on a dry run.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Ok => Result is Redriven or WouldRedrive;
}
