using System.CommandLine;
using Sluice.Cli.History;
using Sluice.Cli.Put;
using Sluice.Cli.Watch;
using Sluice.Shared.Aws;

namespace Sluice.Cli;

/// <summary>The <c>sluice</c> root command: the common options and the subcommands.</summary>
internal static class SluiceCommand
{
    public static RootCommand Create(CliHost host)
    {
        var options = new CommonOptions();
        var root = new RootCommand("sluice: put orders into the Sluice pipeline, watch its executions and read an order's history, on the local cloud or on AWS");
        foreach (var option in options.All)
        {
            root.Options.Add(option);
        }

        var examples = new Dictionary<Command, IReadOnlyList<string>>
        {
            [root] =
            [
                "sluice demo                          # the whole pipeline locally, end to end",
                "sluice up                            # the local cloud on http://127.0.0.1:4566 until Ctrl-C",
                "sluice put --count 100 --seed 1      # then, in another terminal",
                "sluice watch",
                "sluice watch --aws --stack sluice-prod --profile prod",
            ],
            [Add(root, PutCommand.Create(host, options))] = PutCommand.Examples,
            [Add(root, HistoryCommand.Create(host, options))] = HistoryCommand.Examples,
            [Add(root, WatchCommand.Create(host, options))] = WatchCommand.Examples,
            [Add(root, Up.UpCommand.Create(host, options))] = Up.UpCommand.Examples,
            [Add(root, Demo.DemoCommand.Create(host, options))] = Demo.DemoCommand.Examples,
            [Add(root, Replay.ReplayCommand.Create(host, options))] = Replay.ReplayCommand.Examples,
            [Add(root, Redrive.RedriveCommand.Create(host, options))] = Redrive.RedriveCommand.Examples,
            [Add(root, Build.BuildCommand.Create(host, options))] = Build.BuildCommand.Examples,
            [Add(root, Logs.LogsCommand.Create(host, options))] = Logs.LogsCommand.Examples,
            [Add(root, ConsoleServer.ConsoleCommand.Create(host, options))] = ConsoleServer.ConsoleCommand.Examples,
            [Add(root, GitOps.GitOpsCommand.Create(host, options))] = GitOps.GitOpsCommand.Examples,
        };
        ExamplesHelpAction.Install(root, examples);
        return root;
    }

    private static Command Add(RootCommand root, Command command)
    {
        root.Subcommands.Add(command);
        return command;
    }

    /// <summary>Parses and runs; a parse error is one line on standard error and exit code 2.</summary>
    public static async Task<int> RunAsync(CliHost host, string[] args, CancellationToken cancellationToken = default)
    {
        var result = Create(host).Parse(args);
        // --help answers even when the rest of the line would not parse (a missing argument, say).
        if (result.Errors.Count > 0 && result.Action is not ExamplesHelpAction)
        {
            await host.Error.WriteLineAsync("sluice: " + UsageErrors.Describe(result)).ConfigureAwait(false);
            return CliException.Usage;
        }

        return await result.InvokeAsync(new InvocationConfiguration { Output = host.Out, Error = host.Error }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a command body, turning every expected failure into one line and an exit code.</summary>
    public static Func<ParseResult, CancellationToken, Task<int>> Action(
        CliHost host, CommonOptions options, Func<CommandContext, CancellationToken, Task<int>> body) =>
        async (parse, cancellationToken) =>
        {
            using var context = new CommandContext(host, options, parse);
            try
            {
                return await body(context, cancellationToken).ConfigureAwait(false);
            }
            catch (CliException e)
            {
                return Fail(host, e.Message, e.ExitCode);
            }
            catch (HttpRequestException e)
            {
                return Fail(host, $"cannot reach {context.EndpointText}: {e.Message}{Hint(context)}", CliException.Failure);
            }
            catch (TimeoutException)
            {
                return Fail(host, $"{context.EndpointText} did not answer in time{Hint(context)}", CliException.Failure);
            }
            catch (AwsServiceException e)
            {
                return Fail(host, $"{context.EndpointText} refused the request: {e.ErrorCode}: {e.ServiceMessage}", CliException.Failure);
            }
            catch (InvalidDataException e)
            {
                return Fail(host, $"{context.EndpointText} sent an answer that could not be read: {e.Message}", CliException.Failure);
            }
            catch (System.Text.Json.JsonException e)
            {
                return Fail(host, $"{context.EndpointText} sent an answer that could not be read: {e.Message}", CliException.Failure);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return 130;
            }
        };

    private static string Hint(CommandContext context) =>
        context.EndpointOrigin is not { } origin ? string.Empty
        : $" (is the local cloud running? 'sluice up' starts it; the endpoint is set by --endpoint <url> or AWS_ENDPOINT_URL, here by {origin}; --aws talks to AWS)";

    private static int Fail(CliHost host, string message, int code)
    {
        host.Error.WriteLine("sluice: " + message);
        return code;
    }
}
