using System.Text.Json.Nodes;
using Sluice.Asl.Definition;
using Sluice.Asl.Execution;
using Sluice.Asl.History;

namespace Sluice.Asl.Api;

/// <summary>
/// What the service keeps through <see cref="AslEngineOptions.Journal"/>: state machines as they
/// change, and each Standard execution (a Distributed Map's child executions aside) with its events
/// and checkpoints; on start, all of it is read back and running executions go on from where their
/// programs last stood.
/// </summary>
public sealed partial class StepFunctionsService
{
    private readonly List<ExecutionRecord> _toResume = [];

    /// <summary>What could not be read back from the journal (each is left out, with the reason).</summary>
    public IReadOnlyList<string> LoadProblems { get; private set; } = [];

    /// <summary>
    /// Starts again the executions that were running when the host stopped: each goes on from the state
    /// each of its programs last entered, the way a redrive does, without an event to mark it. Called
    /// once the host can serve what their states call.
    /// </summary>
    /// <returns>How many executions were resumed.</returns>
    public int ResumeRunning()
    {
        List<ExecutionRecord> resume;
        lock (_lock)
        {
            resume = [.. _toResume];
            _toResume.Clear();
        }

        foreach (var exec in resume)
        {
            _ = Task.Run(() => _engine.RunAsync(exec, restarted: true));
        }

        return resume.Count;
    }

    private bool Journaled(ExecutionRecord exec) => _options.Journal is not null && exec.Type == "STANDARD" && exec.MapRunArn is null;

    private void SaveMachine(StateMachineRecord machine) => _options.Journal?.SaveStateMachine(new StoredStateMachine(
        machine.Arn, machine.Name, machine.Type, machine.CreationDate, machine.DefinitionText, machine.RoleArn,
        machine.LoggingConfiguration.ToJsonString(), machine.TracingConfiguration.ToJsonString(), machine.RevisionId, machine.UpdateDate,
        machine.Description, new Dictionary<string, string>(machine.Tags, StringComparer.Ordinal)));

    private void SaveExecution(ExecutionRecord exec)
    {
        if (Journaled(exec))
        {
            _options.Journal!.SaveExecution(new StoredExecution(
                exec.Arn, exec.Name, exec.StateMachineArn, exec.StateMachineName, exec.RoleArn, exec.Type, exec.DefinitionText, exec.InputText,
                exec.StartDate, exec.Status, exec.StopDate, exec.OutputText, exec.Error, exec.Cause, exec.RedriveCount, exec.RedriveDate,
                [.. exec.RedriveTokens.Select(t => new StoredRedriveToken(t.Token, t.Used, t.RedriveDate))]));
        }
    }

    /// <summary>Returns once what was saved is durable: before a change is acknowledged to the client.</summary>
    private void Flush() => _options.Journal?.Flush();

    /// <summary>A new execution's history and checkpoints, written through the journal when it keeps the execution.</summary>
    private void Attach(ExecutionRecord exec)
    {
        if (Journaled(exec))
        {
            var journal = new ExecutionJournal(_options.Journal!, exec.Arn);
            exec.History.Appended = journal.Append;
            exec.Checkpoints.Journal = journal;
        }
    }

    /// <summary>
    /// Whether the kept history ends with the execution's own end (its close was kept, its row's new
    /// status was not yet): then the record takes the status, outcome and stop date that event gives.
    /// </summary>
    private static bool EndedInHistory(ExecutionRecord exec)
    {
        var events = exec.History.Snapshot();
        if (events.Count == 0)
        {
            return false;
        }

        var last = events[^1];
        var status = last.Type switch
        {
            "ExecutionSucceeded" => "SUCCEEDED",
            "ExecutionFailed" => "FAILED",
            "ExecutionAborted" => "ABORTED",
            "ExecutionTimedOut" => "TIMED_OUT",
            _ => null,
        };
        if (status is null)
        {
            return false;
        }

        var details = last.Details();
        exec.OutputText = status == "SUCCEEDED" ? details?["output"]?.GetValue<string>() : null;
        exec.Error = details?["error"]?.GetValue<string>();
        exec.Cause = details?["cause"]?.GetValue<string>();
        exec.StopDate = last.Timestamp;
        exec.Status = status;
        return true;
    }

    private void Load()
    {
        if (_options.Journal is not { } journal)
        {
            return;
        }

        var kept = journal.Load();
        var problems = new List<string>();
        var definitions = new Dictionary<(string Text, bool Express), StateMachineDefinition>();
        StateMachineDefinition Parse(string text, bool express)
        {
            if (!definitions.TryGetValue((text, express), out var parsed))
            {
                definitions[(text, express)] = parsed = DefinitionParser.Parse(text, express);
            }

            return parsed;
        }

        lock (_lock)
        {
            foreach (var m in kept.StateMachines)
            {
                try
                {
                    _machines[m.Arn] = new StateMachineRecord
                    {
                        Arn = m.Arn,
                        Name = m.Name,
                        Type = m.Type,
                        CreationDate = m.CreationDate,
                        DefinitionText = m.DefinitionText,
                        Definition = Parse(m.DefinitionText, m.Type == "EXPRESS"),
                        RoleArn = m.RoleArn,
                        LoggingConfiguration = JsonNode.Parse(m.LoggingConfigurationJson)!.AsObject(),
                        TracingConfiguration = JsonNode.Parse(m.TracingConfigurationJson)!.AsObject(),
                        RevisionId = m.RevisionId,
                        UpdateDate = m.UpdateDate,
                        Description = m.Description,
                        Tags = new SortedDictionary<string, string>(m.Tags.ToDictionary(), StringComparer.Ordinal),
                    };
                    _machineOrder.Add(m.Arn);
                    _executionsByMachine[m.Arn] = [];
                }
                catch (DefinitionException e)
                {
                    problems.Add($"state machine {m.Arn} was not loaded: its kept definition no longer passes: {e.Message}");
                }
            }

            var closed = new List<ExecutionRecord>();
            foreach (var state in kept.Executions)
            {
                var e = state.Execution;
                try
                {
                    var exec = new ExecutionRecord
                    {
                        Arn = e.Arn,
                        Name = e.Name,
                        StateMachineArn = e.StateMachineArn,
                        StateMachineName = e.StateMachineName,
                        RoleArn = e.RoleArn,
                        Type = e.Type,
                        Definition = Parse(e.DefinitionText, e.Type == "EXPRESS"),
                        DefinitionText = e.DefinitionText,
                        InputText = e.InputText,
                        Input = JsonNode.Parse(e.InputText),
                        StartDate = e.StartDate,
                        History = new HistoryLog(() => _options.Clock.UtcNow),
                        OnClosed = Closed,
                        Status = e.Status,
                        StopDate = e.StopDate,
                        OutputText = e.OutputText,
                        Error = e.Error,
                        Cause = e.Cause,
                        RedriveCount = e.RedriveCount,
                        RedriveDate = e.RedriveDate,
                    };
                    exec.RedriveTokens.AddRange(e.RedriveTokens.Select(t => (t.Token, t.Used, t.RedriveDate)));
                    exec.History.Restore(state.Events);
                    exec.Checkpoints.Restore(state, exec.History);
                    Attach(exec);
                    _executions[exec.Arn] = exec;
                    if (!_executionsByMachine.TryGetValue(exec.StateMachineArn, out var list))
                    {
                        // Its state machine was deleted; the execution is still listed and described.
                        _executionsByMachine[exec.StateMachineArn] = list = [];
                    }

                    list.Add(exec);
                    if (exec.Status == "RUNNING" && EndedInHistory(exec))
                    {
                        // Its last event closed it, but the stop came before its row said so.
                        if (exec.Status == "SUCCEEDED")
                        {
                            exec.Checkpoints.Clear();
                        }

                        SaveExecution(exec);
                    }

                    if (exec.Status == "RUNNING")
                    {
                        _toResume.Add(exec);
                    }
                    else
                    {
                        exec.Completion.TrySetResult();
                        if (state.Events.Count == 0)
                        {
                            exec.History.Release();
                            exec.Input = null;
                        }
                        else
                        {
                            closed.Add(exec);
                        }
                    }
                }
                catch (Exception ex) when (ex is DefinitionException or InvalidOperationException or System.Text.Json.JsonException)
                {
                    problems.Add($"execution {e.Arn} was not loaded: {ex.Message}");
                }
            }

            foreach (var exec in closed.OrderBy(c => c.StopDate))
            {
                _closedWithHistory.Enqueue(exec);
            }
        }

        LoadProblems = problems;
        Changed();
    }
}
