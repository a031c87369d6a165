using System.Text.Json.Nodes;

namespace Sluice.Asl.Execution;

/// <summary>
/// What TestState observes of the one state it runs: the data after each processing step
/// (inspectionData), whether a Catch or a Retry took the error, and the error itself. Only the
/// tested state's own frame carries a probe; states inside a Map or Parallel do not record.
/// </summary>
internal sealed class TestProbe
{
    public JsonObject Inspection { get; } = [];

    /// <summary>Set when a Catch handled the error (status CAUGHT_ERROR).</summary>
    public StatesException? Caught { get; set; }

    /// <summary>The request's mock: the tested Task, Map or Parallel answers it instead of running.</summary>
    public TestMock? Mock { get; init; }

    /// <summary>stateConfiguration.retrierRetryCount: the retries already made ($$.State.RetryCount, the retrier's attempts).</summary>
    public int RetrierRetryCount { get; init; }

    /// <summary>stateConfiguration.mapIterationFailureCount: how many iterations of the mocked Map failed.</summary>
    public int? MapIterationFailureCount { get; init; }

    /// <summary>The request's context: laid over the context object the state sees.</summary>
    public JsonObject? Context { get; init; }

    /// <summary>Records one step's data as the JSON text TestState returns.</summary>
    public void Record(string step, JsonNode? value) => Inspection[step] = JsonValues.ToJson(value);
}

/// <summary>A retrier matched in TestState: the state is not retried, its status is RETRIABLE.</summary>
internal sealed class RetriableException(StatesException error) : Exception(error.Cause, error)
{
    public StatesException Error { get; } = error;
}

/// <summary>A TestState mock: the state's result, or the error it fails with.</summary>
internal sealed record TestMock(JsonNode? Result, string? Error, string? Cause)
{
    /// <summary>The result as the request wrote it: TestState answers it verbatim when the state leaves the result as it is.</summary>
    public string? ResultText { get; init; }

    public bool IsError => Error is not null || Cause is not null;

    /// <summary>The mocked outcome: a copy of the result, or the mocked error thrown.</summary>
    public JsonNode? Outcome() => IsError ? throw new StatesException(Error, Cause) : Result?.DeepClone();
}
