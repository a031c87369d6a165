using System.Net;
using System.Net.Sockets;
using Sluice.LocalCloud.Hosting;

namespace Sluice.Cli.Up;

/// <summary>
/// The local cloud hosted in this process with the template deployed and every function's AOT
/// bootstrap published; disposing it stops the function processes and the listener.
/// </summary>
internal sealed class RunningCloud : IAsyncDisposable
{
    private readonly LocalCloudHost _host;

    private RunningCloud(LocalCloudHost host, StackDeployment? stack)
    {
        _host = host;
        Stack = stack;
    }

    public string Endpoint => _host.Endpoint;

    /// <summary>The stack deployed at start, or null with --no-stack.</summary>
    public StackDeployment? Stack { get; }

    /// <summary>The functions with their builds and invocation counts now.</summary>
    public IReadOnlyList<LocalFunctionStatus> Functions() => _host.Functions();

    /// <summary>Starts and deploys; every failure the user can fix is a <see cref="CliException"/> of one line.</summary>
    public static async Task<RunningCloud> StartAsync(CliHost cli, UpSettings settings, Action<string> status, CancellationToken cancellationToken)
    {
        if (!CToolchain.IsOnPath(cli.Environment))
        {
            throw new CliException(CToolchain.Missing);
        }
        if (settings.Port != 0 && !PortIsFree(settings.Port))
        {
            throw new CliException($"port {settings.Port} is already in use (another 'sluice up' or local cloud?); stop it or pass --port <other>");
        }

        var root = LocalCloudHost.FindRepositoryRoot(cli.WorkingDirectory);
        LocalCloudHost host;
        try
        {
            host = LocalCloudHost.Create(new LocalCloudOptions { Port = settings.Port, ExecutionHistories = settings.ExecutionHistories, RepositoryRoot = root, DataDirectory = settings.DataDirectory });
        }
        catch (LocalCloud.Persistence.DataDirectoryInUseException)
        {
            throw new CliException($"the data directory {settings.DataDirectory} is in use by another local cloud (another 'sluice up'?); stop it, or pass --data-dir <other> or --ephemeral");
        }
        try
        {
            try
            {
                await host.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                throw new CliException($"port {settings.Port} is already in use (another 'sluice up' or local cloud?); stop it or pass --port <other>");
            }

            if (settings.NoStack)
            {
                return new RunningCloud(host, null);
            }
            var stack = await host.DeployStackAsync(new StackDeploymentRequest(settings.TemplatePath) { StackName = settings.StackName, Parameters = settings.Parameters }, cancellationToken)
                .ConfigureAwait(false);
            if (stack.Error is { } error)
            {
                throw new CliException("template error: " + error.Message);
            }

            await PublishAsync(cli, host, status, cancellationToken).ConfigureAwait(false);
            return new RunningCloud(host, stack);
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Waits for the AOT publish the Lambda service started at CreateFunction (a no-op for cached bootstraps), saying how it goes.</summary>
    private static Task PublishAsync(CliHost cli, LocalCloudHost host, Action<string> status, CancellationToken cancellationToken) =>
        PublishProgress.WaitAsync([.. host.Functions().Select(f => (f.FunctionName, f.CodeDirectory, f.Ready))], status, cli.Clock, cli.Delay, cancellationToken);

    private static bool PortIsFree(int port)
    {
        try
        {
            using var probe = new TcpListener(IPAddress.Loopback, port);
            probe.Start();
            probe.Stop();
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync().ConfigureAwait(false);
}
