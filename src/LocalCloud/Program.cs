using Sluice.LocalCloud.CloudFormation.Template;
using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Persistence;

if (!StackArguments.TryParse(args, out var stack, out var hostArgs, out var stackError)
    || !LocalCloudOptions.TryParse(hostArgs, out var options, out stackError))
{
    Console.Error.WriteLine(stackError);
    Console.Error.WriteLine(LocalCloudOptions.Usage);
    Console.Error.WriteLine(StackArguments.Usage);
    return 2;
}

LocalCloudHost host;
try
{
    host = LocalCloudHost.Create(options);
}
catch (DataDirectoryInUseException e)
{
    Console.Error.WriteLine("error: " + e.Message);
    return 1;
}
await using var owned = host;
await host.StartAsync();
Console.WriteLine($"Sluice local cloud listening on {host.Endpoint} (region {options.Region}, account {options.AccountId})");
// --without-lambda names the functions without running them (no AOT toolchain needed).
if (stack.TemplatePath is not null && await StackStartup.DeployAsync(host, stack, stack.WithoutLambda ? null : host.Lambda, Console.Out, Console.Error, CancellationToken.None) is null)
{
    return 1;
}
// Ctrl+C and SIGTERM stop the host through its console lifetime.
await host.WaitForShutdownAsync();
return 0;
