namespace Sluice.LocalCloud.Hosting;

/// <summary>
/// What deploying a template into the host came to: the stack's resources and outputs, or the error
/// (with nothing left behind: a failed stack has rolled back).
/// </summary>
public sealed class StackDeployment
{
    private readonly Action<TextWriter>? _write;

    internal StackDeployment(string stackName, IReadOnlyList<StackResourceView> resources, IReadOnlyDictionary<string, string> outputs, Action<TextWriter> write)
    {
        StackName = stackName;
        Resources = resources;
        Outputs = outputs;
        _write = write;
    }

    internal StackDeployment(string stackName, StackDeploymentError error)
    {
        StackName = stackName;
        Error = error;
        Resources = [];
        Outputs = new Dictionary<string, string>(StringComparer.Ordinal);
    }

    /// <summary>The stack's name as requested, whether or not it was created.</summary>
    public string StackName { get; }

    /// <summary>Null when the stack was created.</summary>
    public StackDeploymentError? Error { get; }

    /// <summary>True when the stack was created (<see cref="Error"/> is null).</summary>
    public bool Succeeded => Error is null;

    /// <summary>Every resource of the template in creation order, with its Ref value and attributes.</summary>
    public IReadOnlyList<StackResourceView> Resources { get; }

    /// <summary>The template's Outputs by name, resolved; empty when the deploy failed.</summary>
    public IReadOnlyDictionary<string, string> Outputs { get; }

    /// <summary>The summary `sluice up` prints: what was created where, what is only named, and the outputs.</summary>
    public void Write(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _write?.Invoke(output);
    }
}

/// <summary>Why a template was not deployed: an error code (CloudFormation's, e.g. ValidationError, or the final stack status) and its message.</summary>
public sealed record StackDeploymentError(string Code, string Message);

/// <summary>One resource of a deployed stack. <see cref="Emulated"/> is false for the ones only named (IAM, logs, alarms, KMS) or left out by a condition.</summary>
public sealed record StackResourceView(string LogicalId, string Type, string PhysicalId, bool Emulated, IReadOnlyDictionary<string, string> Attributes, string? Note);
