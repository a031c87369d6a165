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
    Environment = ProcessEnvironment.Instance,
    WorkingDirectory = Directory.GetCurrentDirectory(),
};
return await SluiceCommand.RunAsync(host, args, cancel.Token);
