namespace Sluice.Asl.Api;

/// <summary>
/// Where a <see cref="StepFunctionsService"/> keeps what it must not forget across a restart of its
/// host: state machines, Standard executions, their history events and where each of their programs
/// stood (what a redrive, or a restart, continues from). The service calls it in the order things
/// happen; the calls that answer a client (<see cref="SaveStateMachine"/>, <see cref="Flush"/>) are
/// durable when they return, the others (<see cref="Append"/> and the checkpoint calls) are written in
/// that order soon after, so what a crash can lose is the newest tail of events and checkpoints.
/// </summary>
public interface IExecutionJournal
{
    /// <summary>Everything kept, read once when the service is built.</summary>
    StoredStepFunctions Load();

    /// <summary>Created, updated or tagged: durable when this returns.</summary>
    void SaveStateMachine(StoredStateMachine machine);

    /// <summary>Deleted: durable when this returns.</summary>
    void DeleteStateMachine(string arn);

    /// <summary>Started, closed, stopped or redriven: written in order with the events.</summary>
    void SaveExecution(StoredExecution execution);

    /// <summary>An event was added to the execution's history.</summary>
    void Append(string executionArn, StoredHistoryEvent historyEvent);

    /// <summary>The program at <paramref name="path"/> entered <paramref name="state"/>; its input is that of the event numbered <paramref name="eventId"/>.</summary>
    void SavePosition(string executionArn, string path, string state, long eventId);

    /// <summary>The Parallel branch or Map iteration at <paramref name="path"/> succeeded with <paramref name="outputJson"/>.</summary>
    void SaveSucceeded(string executionArn, string path, string outputJson);

    /// <summary>The variables the program at <paramref name="path"/> holds itself (not its outer scopes'), as one JSON object.</summary>
    void SaveVariables(string executionArn, string path, string variablesJson);

    /// <summary>The program at <paramref name="path"/> starts afresh: its position, output and variables no longer count.</summary>
    void Forget(string executionArn, string path);

    /// <summary>The execution needs no checkpoint any more (it succeeded, or its history was released).</summary>
    void ClearCheckpoints(string executionArn);

    /// <summary>The history was released to bound memory: its events need not be kept.</summary>
    void ReleaseHistory(string executionArn);

    /// <summary>Returns once everything passed to this journal so far is durable.</summary>
    void Flush();
}

/// <summary>A state machine as the journal keeps it.</summary>
public sealed record StoredStateMachine(
    string Arn,
    string Name,
    string Type,
    DateTimeOffset CreationDate,
    string DefinitionText,
    string RoleArn,
    string LoggingConfigurationJson,
    string TracingConfigurationJson,
    string? RevisionId,
    DateTimeOffset? UpdateDate,
    string? Description,
    IReadOnlyDictionary<string, string> Tags);

/// <summary>A Standard execution's identity, definition, input and outcome (its history is kept apart, event by event).</summary>
public sealed record StoredExecution(
    string Arn,
    string Name,
    string StateMachineArn,
    string StateMachineName,
    string RoleArn,
    string Type,
    string DefinitionText,
    string InputText,
    DateTimeOffset StartDate,
    string Status,
    DateTimeOffset? StopDate,
    string? OutputText,
    string? Error,
    string? Cause,
    int RedriveCount,
    DateTimeOffset? RedriveDate,
    IReadOnlyList<StoredRedriveToken> RedriveTokens);

/// <summary>A RedriveExecution client token AWS answers with the same redrive for a while.</summary>
public sealed record StoredRedriveToken(string Token, DateTimeOffset Used, DateTimeOffset RedriveDate);

/// <summary>
/// One history event. A state's entered or exited event is kept as its state's name and the input or
/// output text (<see cref="StateName"/> set, <see cref="Text"/> the text); any other event as its
/// details object's JSON (<see cref="StateName"/> null, <see cref="Text"/> null when it has none).
/// </summary>
public sealed record StoredHistoryEvent(long Id, long PreviousEventId, long UtcTicks, string Type, string? StateName, string? Text);

/// <summary>Where one program of an execution stood: the state it last entered and the event whose input it had.</summary>
public sealed record StoredPosition(string Path, string State, long EventId);

/// <summary>What the journal held at start: machines in creation order, executions in start order with their events and checkpoints.</summary>
public sealed record StoredStepFunctions(IReadOnlyList<StoredStateMachine> StateMachines, IReadOnlyList<StoredExecutionState> Executions);

/// <summary>One execution with its history and checkpoints.</summary>
public sealed record StoredExecutionState(
    StoredExecution Execution,
    IReadOnlyList<StoredHistoryEvent> Events,
    IReadOnlyList<StoredPosition> Positions,
    IReadOnlyDictionary<string, string> Succeeded,
    IReadOnlyDictionary<string, string> Variables);
