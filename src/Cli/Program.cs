using Sluice.Cli;
using Sluice.Shared;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var host = new CliHost
{
    Out = Console.Out,
    Error = Console.Error,
    IsTerminal = !Console.IsOutputRedirected,
    TerminalSize = static () =>
    {
        try
        {
            return Console.IsOutputRedirected || Console.WindowWidth <= 0 ? null : new TerminalSize(Console.WindowWidth, Console.WindowHeight);
        }
        catch (IOException)
        {
            return null;
        }
    },
    Environment = ProcessEnvironment.Instance,
    WorkingDirectory = Directory.GetCurrentDirectory(),
};
return await SluiceCommand.RunAsync(host, args, cancel.Token);
