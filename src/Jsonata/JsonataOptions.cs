namespace Sluice.Jsonata;

/// <summary>Limits on one evaluation.</summary>
public sealed class JsonataOptions
{
    /// <summary>Deepest nesting of evaluation before D1011 (0: only the thread's own stack limits it).</summary>
    public int MaxDepth { get; init; }

    /// <summary>Longest an evaluation may run before D1012.</summary>
    public TimeSpan? Timeout { get; init; }
}
