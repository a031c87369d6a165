namespace Sluice.Cli;

/// <summary>A terminal's size in character cells.</summary>
internal readonly record struct TerminalSize(int Width, int Height);
