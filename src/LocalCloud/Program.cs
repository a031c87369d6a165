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
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}
return 0;
