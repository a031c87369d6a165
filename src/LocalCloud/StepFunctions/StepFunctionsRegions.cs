using System.Collections.Concurrent;
using Sluice.Asl;
using Sluice.Asl.Api;
using Sluice.Asl.Resources;
using Sluice.LocalCloud.Hosting;

namespace Sluice.LocalCloud.StepFunctions;

/// <summary>
/// One Step Functions service per region, created on first use, whose service integrations reach that
/// region's queues, topics and streams in-process, and whose Distributed Maps read and write the host's S3. The Lambda invoker is whatever the host was composed
/// with (without one, Lambda tasks fail with Lambda.ResourceNotFoundException, naming the function).
/// </summary>
internal sealed class StepFunctionsRegions(LocalCloudOptions options, Func<string, RegionalServices.Services> messaging, ILambdaInvoker? lambda, IObjectStore objects)
{
    private readonly ConcurrentDictionary<string, StepFunctionsService> _regions = new(StringComparer.Ordinal);

    public StepFunctionsService For(string region) => _regions.GetOrAdd(region, r => new StepFunctionsService(new AslEngineOptions
    {
        Region = r,
        Account = options.AccountId,
        LambdaInvoker = lambda ?? new UnavailableServiceIntegrations(),
        ServiceInvoker = new MessagingIntegrations(messaging(r)),
        ObjectStore = objects,
        ResultShapes = ApiResultShapes.Instance,
        RetainedExecutionHistories = options.ExecutionHistories,
    }));
}
