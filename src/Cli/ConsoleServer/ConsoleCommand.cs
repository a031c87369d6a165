using System.CommandLine;

namespace Sluice.Cli.ConsoleServer;

/// <summary>
/// <c>sluice console</c>: the web console for the endpoint the other commands use (the local cloud,
/// another endpoint, or AWS with --aws), served on a loopback port by this process, which signs every
/// call with the user's credentials; the browser never holds them.
/// </summary>
internal static class ConsoleCommand
{
    public const int DefaultPort = 4580;

    public static readonly IReadOnlyList<string> Examples =
    [
        "sluice console                    # the local cloud's executions, at http://127.0.0.1:4580/console/",
        "sluice console --aws --region eu-west-1",
        "sluice console --endpoint http://127.0.0.1:5000 --port 0",
    ];

    public static Command Create(CliHost host, CommonOptions common)
    {
        var port = NumberOptions.Int("--port", "Loopback port the console listens on; 0 takes any free port", DefaultPort, 0, 65535);
        var command = new Command("console", "Serve the web console on a loopback port, reading the endpoint's (or AWS's) executions with your credentials; Ctrl-C stops")
        {
            port,
        };
        command.SetAction(SluiceCommand.Action(host, common, async (context, cancellationToken) =>
        {
            await using var server = await ConsoleHost.StartAsync(context.StepFunctions(), new RemoteFunctions(context.Lambda(), context.CloudWatch(), context.Logs(), host.Clock), context.Aws.Region, context.Parse.GetValue(port), host.Clock, cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                await context.Out.WriteLineAsync($$"""{"url":"{{server.Url}}"}""").ConfigureAwait(false);
            }
            else
            {
                await context.Out.WriteLineAsync($"Console: {server.Url}").ConfigureAwait(false);
            }

            await context.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            context.Status($"console: reading {context.EndpointText}, signed here; open {server.Url} (Ctrl-C stops)");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                context.Status("console: stopped");
            }

            return 0;
        }));
        return command;
    }
}
