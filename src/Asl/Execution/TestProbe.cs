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

    /// <summary>Records one step's data as the JSON text TestState returns.</summary>
    public void Record(string step, JsonNode? value) => Inspection[step] = JsonValues.ToJson(value);
}

/// <summary>A retrier matched in TestState: the state is not retried, its status is RETRIABLE.</summary>
internal sealed class RetriableException(StatesException error) : Exception(error.Cause, error)
{
    public StatesException Error { get; } = error;
}
