using System.CommandLine;

namespace Sluice.Cli.Up;

/// <summary><c>sluice up</c>: the local cloud in this process with the template deployed, until Ctrl-C.</summary>
internal static class UpCommand
{
    public static readonly IReadOnlyList<string> Examples =
    [
        "sluice up",
        "sluice up --port 4567 --parameter StageName=test",
        "sluice up --ephemeral          # nothing kept: the stack, streams and queues start empty and go with the stop",
        "AWS_ENDPOINT_URL=http://127.0.0.1:4566 aws kinesis list-streams   # any AWS tool, in another terminal",
    ];

    public static Command Create(CliHost host, CommonOptions common)
    {
        var up = new UpOptions(4566, "Loopback port of the local cloud; 0 picks a free one");
        var command = new Command("up", "Start the local cloud on the template (AOT-publishing changed functions first), print the endpoint and resources, run until Ctrl-C");
        foreach (var option in up.All)
        {
            command.Options.Add(option);
        }
        var noStack = new Option<bool>("--no-stack")
        {
            Description = "Start the local cloud with no stack, for `aws cloudformation deploy`, `sam deploy` or a pipeline to deploy into",
        };
        command.Options.Add(noStack);
        var dataDir = new Option<string>("--data-dir")
        {
            Description = "Directory the local cloud keeps its streams, queues, topics, objects, functions, state machines with their executions, and stacks in across restarts [default: .sluice/data of the repository, or of the working directory outside one]",
            HelpName = "path",
        };
        var ephemeral = new Option<bool>("--ephemeral")
        {
            Description = "Keep everything in memory: nothing survives the stop, and the next `up` starts empty",
        };
        command.Options.Add(dataDir);
        command.Options.Add(ephemeral);
        command.SetAction(SluiceCommand.Action(host, common, async (context, cancellationToken) =>
        {
            // Before the template is looked for: a contradiction is a usage error wherever `up` runs.
            var keptIn = DataDirectory(host, context.Parse.GetValue(dataDir), context.Parse.GetValue(ephemeral));
            var settings = up.Read(context, needsTemplate: !context.Parse.GetValue(noStack)) with
            {
                NoStack = context.Parse.GetValue(noStack),
                DataDirectory = keptIn,
            };
            context.Status(settings.NoStack ? "up: starting the local cloud with no stack" : $"up: starting the local cloud with {settings.TemplatePath}");
            await using var cloud = await RunningCloud.StartAsync(host, settings, context.Status, cancellationToken).ConfigureAwait(false);
            await context.Out.WriteLineAsync($"Endpoint: {cloud.Endpoint}").ConfigureAwait(false);
            await context.Out.WriteLineAsync(settings.DataDirectory is { } data
                ? $"Data: {data} (kept across restarts; --ephemeral keeps nothing)"
                : "Data: in memory only (--ephemeral): nothing is kept after the stop").ConfigureAwait(false);
            if (cloud.Stack is { } stack)
            {
                stack.Write(context.Out);
            }
            else
            {
                await context.Out.WriteLineAsync($"No stack: deploy one with aws --endpoint-url {cloud.Endpoint} cloudformation deploy ...").ConfigureAwait(false);
            }
            await context.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            context.Status($"up: ready; use --endpoint {cloud.Endpoint} (or aws --endpoint-url {cloud.Endpoint}); Ctrl-C stops");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                context.Status("up: stopping the function processes and the local cloud");
            }
            return 0;
        }));
        return command;
    }

    /// <summary>The data directory: the one given, none with --ephemeral, or .sluice/data in the repository (the working directory outside one).</summary>
    private static string? DataDirectory(CliHost host, string? given, bool ephemeral)
    {
        if (ephemeral && given is not null)
        {
            throw new CliException("--data-dir and --ephemeral contradict each other: pass one", CliException.Usage);
        }
        if (ephemeral)
        {
            return null;
        }
        return given is { Length: > 0 }
            ? Path.GetFullPath(given, host.WorkingDirectory)
            : Path.Combine(LocalCloud.Hosting.LocalCloudHost.FindRepositoryRoot(host.WorkingDirectory), ".sluice", "data");
    }
}
