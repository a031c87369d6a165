using Sluice.Asl.Api;

namespace Sluice.Asl.Execution;

/// <summary>One execution's side of the service's <see cref="IExecutionJournal"/>: the calls its run makes, with its ARN.</summary>
internal sealed class ExecutionJournal(IExecutionJournal journal, string executionArn)
{
    public void Append(StoredHistoryEvent e) => journal.Append(executionArn, e);

    public void Position(string path, string state, long eventId) => journal.SavePosition(executionArn, path, state, eventId);

    public void Succeeded(string path, string outputJson) => journal.SaveSucceeded(executionArn, path, outputJson);

    public void Variables(string path, string variablesJson) => journal.SaveVariables(executionArn, path, variablesJson);

    public void Forget(string path) => journal.Forget(executionArn, path);

    public void Clear() => journal.ClearCheckpoints(executionArn);
}
