using Sluice.LocalCloud.Hosting;

if (!LocalCloudOptions.TryParse(args, out var options, out var error))
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(LocalCloudOptions.Usage);
    return 2;
}

await using var host = LocalCloudHost.Create(options);
await host.StartAsync();
Console.WriteLine($"Sluice local cloud listening on {host.Endpoint} (region {options.Region}, account {options.AccountId})");
// Ctrl+C and SIGTERM stop the host through its console lifetime.
await host.WaitForShutdownAsync();
return 0;
