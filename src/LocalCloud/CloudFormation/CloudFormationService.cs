using Sluice.LocalCloud.CloudFormation.Stacks;
using Sluice.LocalCloud.CloudFormation.Template;

namespace Sluice.LocalCloud.CloudFormation;

/// <summary>
/// CloudFormation for the local cloud: stacks, change sets, events and drift over the emulated
/// services. Stack operations run in the background, as in AWS; <see cref="WaitAsync"/> awaits one.
/// Every stack and change set is a plain record, changed under one lock.
/// </summary>
internal sealed partial class CloudFormationService
{
    private readonly object _gate = new();
    private readonly List<StackRecord> _stacks = [];
    private readonly List<ChangeSetRecord> _changeSets = [];
    private readonly Dictionary<string, Task> _operations = new(StringComparer.Ordinal);
    private readonly StackSettings _host;
    private readonly TimeProvider _clock;

    /// <param name="targets">The services stacks are created in.</param>
    /// <param name="host">Region, account and partition of the host.</param>
    /// <param name="workingDirectory">Where relative code paths of a template sent as TemplateBody resolve from.</param>
    public CloudFormationService(StackTargets targets, StackSettings host, string workingDirectory, TimeProvider clock)
    {
        Targets = targets;
        _host = host with { Exports = ExportValue };
        WorkingDirectory = workingDirectory;
        _clock = clock;
    }

    public string WorkingDirectory { get; }

    /// <summary>The services stacks are created in; the standalone host's --without-lambda swaps in none for Lambda.</summary>
    public StackTargets Targets { get; set; }

    /// <summary>Reads a TemplateURL (the local S3); null until the host has S3.</summary>
    public Func<string, CancellationToken, Task<string>>? TemplateUrlReader { get; set; }

    private DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>The live (not deleted) stack of that name, or the stack of that id (deleted ones too).</summary>
    private StackRecord? Find(string nameOrId)
    {
        var found = nameOrId.StartsWith("arn:", StringComparison.Ordinal)
            ? _stacks.LastOrDefault(s => s.StackId == nameOrId)
            : _stacks.LastOrDefault(s => s.StackName == nameOrId && !s.IsDeleted);
        Touched(found);
        return found;
    }

    private StackRecord Require(string nameOrId) => Find(nameOrId) ?? throw CloudFormationErrors.StackNotFound(nameOrId);

    /// <summary>Reads under the lock: the callback sees a consistent stack.</summary>
    public T Read<T>(Func<IReadOnlyList<StackRecord>, IReadOnlyList<ChangeSetRecord>, T> read)
    {
        lock (_gate)
        {
            return read(_stacks, _changeSets);
        }
    }

    /// <summary>The stacks DescribeStacks answers: one by name or id, or every live one.</summary>
    public List<StackRecord> Describe(string? nameOrId)
    {
        lock (_gate)
        {
            return nameOrId is null ? _stacks.Where(s => !s.IsDeleted).ToList() : [Require(nameOrId)];
        }
    }

    public StackRecord Stack(string nameOrId)
    {
        lock (_gate)
        {
            return Require(nameOrId);
        }
    }

    /// <summary>Completes when the stack's current operation has ended (at once when none runs).</summary>
    public Task WaitAsync(string stackId)
    {
        lock (_gate)
        {
            return _operations.TryGetValue(stackId, out var task) ? task : Task.CompletedTask;
        }
    }

    private void Start(StackRecord stack, Func<Task> operation)
    {
        var task = Task.Run(async () =>
        {
            try
            {
                await operation().ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The operation must end the stack in a final state whatever went wrong; the reason is recorded.
            catch (Exception e)
#pragma warning restore CA1031
            {
                lock (_gate)
                {
                    StackEvent(stack, StackStatus.FailedEnding(stack.Status), "Internal failure: " + e.Message);
                }
            }
            // What the operation changed after its last event (outputs, resource records) is committed as it ends.
            lock (_gate)
            {
                Touched(stack);
                CommitLocked();
            }
        });
        lock (_gate)
        {
            _operations[stack.StackId] = task;
        }
    }

    /// <summary>Sets the stack's status and records the event (call under the lock).</summary>
    private void StackEvent(StackRecord stack, string status, string? reason)
    {
        Touched(stack);
        stack.Status = status;
        stack.StatusReason = reason;
        stack.Events.Add(new StackEventRecord(stack.StackId, Guid.NewGuid().ToString(), stack.StackName, stack.StackName, stack.StackId,
            "AWS::CloudFormation::Stack", Now, status, reason, null));
        CommitLocked();
    }

    private void ResourceEvent(StackRecord stack, string logicalId, string type, string? physicalId, string status, string? reason, string? properties = null)
    {
        lock (_gate)
        {
            Touched(stack);
            stack.Events.Add(new StackEventRecord(stack.StackId, Guid.NewGuid().ToString(), stack.StackName, logicalId, physicalId ?? "",
                type, Now, status, reason, properties));
            CommitLocked();
        }
    }

    private string StackArn(string name) =>
        $"arn:{_host.Partition}:cloudformation:{_host.Region}:{_host.AccountId}:stack/{name}/{Guid.NewGuid()}";
}
