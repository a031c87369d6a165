using System.Globalization;

namespace Sluice.Flaky;

/// <summary>
/// What one record (or a direct invocation) asks the function to do: its text is <c>ok</c>,
/// <c>fail</c> (report the item as failed), <c>fail-once</c> (fail it the first time this process sees
/// it), <c>throw</c>, <c>sleep:MS</c>, <c>lines:N</c> (write N lines), <c>exit:CODE</c> or <c>bad-id</c> (report an unknown item).
/// Anything else counts as <c>ok</c>; a prefix up to the first <c>|</c> is a free label that keeps records distinct.
/// </summary>
internal sealed record FlakyCommand(string Verb, int Argument, string Text = "")
{
    public static FlakyCommand Parse(string text)
    {
        var bar = text.LastIndexOf('|');
        var command = bar >= 0 ? text[(bar + 1)..] : text;
        var colon = command.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return new FlakyCommand(command, 0);
        }
        var argument = int.TryParse(command.AsSpan(colon + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
        return new FlakyCommand(command[..colon], argument, command[(colon + 1)..]);
    }
}
