using Sluice.LocalCloud.CloudFormation.Template;
using Sluice.LocalCloud.Hosting;

if (!StackArguments.TryParse(args, out var stack, out var hostArgs, out var stackError)
    || !LocalCloudOptions.TryParse(hostArgs, out var options, out stackError))
{
    Console.Error.WriteLine(stackError);
    Console.Error.WriteLine(LocalCloudOptions.Usage);
    Console.Error.WriteLine(StackArguments.Usage);
    return 2;
}

await using var host = LocalCloudHost.Create(options);
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
