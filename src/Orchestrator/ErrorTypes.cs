namespace Sluice.Orchestrator;

/// <summary>The typed errors the workflow's Retry and Catch rules name (docs/contracts.md).</summary>
internal static class ErrorTypes
{
    public const string ValidationFailed = "ValidationFailed";
    public const string OutOfStock = "OutOfStock";
    public const string PaymentDeclined = "PaymentDeclined";

    /// <summary>The request itself is wrong: a bug in the workflow, not a business outcome.</summary>
    public const string InvalidRequest = "InvalidRequest";

    /// <summary>The outcome event could not be appended to the stream; transient, the workflow retries it.</summary>
    public const string OutcomeNotRecorded = "OutcomeNotRecorded";
}
