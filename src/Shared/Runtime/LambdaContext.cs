namespace Sluice.Shared.Runtime;

/// <summary>
/// What the Lambda service tells a function about one invocation, plus the function's static
/// settings read from the environment at start-up.
/// </summary>
public sealed record LambdaContext(
    string RequestId,
    DateTimeOffset Deadline,
    string InvokedFunctionArn,
    string? TraceId,
    FunctionSettings Function,
    TimeProvider Clock)
{
    /// <summary>Time left before Lambda stops the invocation; never negative.</summary>
    public TimeSpan RemainingTime
    {
        get
        {
            var left = Deadline - Clock.GetUtcNow();
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }
}
