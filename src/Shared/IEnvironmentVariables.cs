namespace Sluice.Shared;

/// <summary>
/// Reads the process environment. Handlers and clients take this instead of calling
/// <see cref="Environment.GetEnvironmentVariable(string)"/> so tests can fake it without touching
/// process-wide state.
/// </summary>
public interface IEnvironmentVariables
{
    string? Get(string name);
}

/// <summary>The real process environment.</summary>
public sealed class ProcessEnvironment : IEnvironmentVariables
{
    public static readonly ProcessEnvironment Instance = new();

    private ProcessEnvironment()
    {
    }

    public string? Get(string name) => Environment.GetEnvironmentVariable(name);
}

/// <summary>A fixed set of variables, for tests and for child processes built in code.</summary>
public sealed class DictionaryEnvironment(IReadOnlyDictionary<string, string?> values) : IEnvironmentVariables
{
    public string? Get(string name) => values.TryGetValue(name, out var value) ? value : null;
}
