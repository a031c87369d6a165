using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Sluice.Cli;

/// <summary>System.CommandLine's help, then the command's examples: the lines a new user copies first.</summary>
internal sealed class ExamplesHelpAction(HelpAction help, IReadOnlyDictionary<Command, IReadOnlyList<string>> examples) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        var code = help.Invoke(parseResult);
        if (examples.TryGetValue(parseResult.CommandResult.Command, out var lines) && lines.Count > 0)
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Examples:");
            foreach (var line in lines)
            {
                output.WriteLine("  " + line);
            }

            output.WriteLine();
        }

        return code;
    }

    /// <summary>Puts the examples behind the root's (recursive) help option.</summary>
    public static void Install(RootCommand root, IReadOnlyDictionary<Command, IReadOnlyList<string>> examples)
    {
        var option = root.Options.OfType<HelpOption>().Single();
        option.Action = new ExamplesHelpAction((HelpAction)option.Action!, examples);
    }
}
