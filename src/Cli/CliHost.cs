using Sluice.Shared;

namespace Sluice.Cli;

/// <summary>
/// Everything a command touches outside itself: output streams, the environment, HTTP, time and
/// the working directory. <see cref="Program"/> builds the real one; tests build their own.
/// </summary>
internal sealed class CliHost
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    /// <summary>True when standard output is an interactive terminal: tables and progress bars; otherwise plain lines.</summary>
    public bool IsTerminal { get; init; }

    /// <summary>The terminal's columns and rows; null when output is not a terminal (then nothing is cut to fit).</summary>
    public Func<TerminalSize?> TerminalSize { get; init; } = static () => null;

    public required IEnvironmentVariables Environment { get; init; }

    /// <summary>Where infra/template.yaml is looked for (and its parents).</summary>
    public required string WorkingDirectory { get; init; }

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Waits between put retries and watch refreshes; tests shorten it.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;

    /// <summary>Jitter source in [0, 1).</summary>
    public Func<double> Random { get; init; } = System.Random.Shared.NextDouble;

    public Func<HttpClient> HttpFactory { get; init; } = static () => new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
}
