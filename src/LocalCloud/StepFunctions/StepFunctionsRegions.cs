using System.Collections.Concurrent;
using Sluice.Asl;
using Sluice.Asl.Api;
using Sluice.Asl.Resources;
using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Persistence;

namespace Sluice.LocalCloud.StepFunctions;

/// <summary>
/// One Step Functions service per region, created on first use, whose service integrations reach that
/// region's queues, topics and streams in-process, and whose Distributed Maps read and write the host's S3. The Lambda invoker is whatever the host was composed
/// with (without one, Lambda tasks fail with Lambda.ResourceNotFoundException, naming the function).
/// On a data directory each region keeps its state machines and Standard executions through a
/// <see cref="StepFunctionsJournal"/>.
/// </summary>
internal sealed class StepFunctionsRegions(LocalCloudOptions options, Func<string, RegionalServices.Services> messaging, ILambdaInvoker? lambda, IObjectStore objects, DurableStore? store = null) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<StepFunctionsService>> _regions = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<StepFunctionsJournal> _journals = [];

    public StepFunctionsService For(string region) => _regions.GetOrAdd(region, r => new Lazy<StepFunctionsService>(() => Create(r))).Value;

    private StepFunctionsService Create(string region)
    {
        StepFunctionsJournal? journal = null;
        if (store is not null)
        {
            journal = new StepFunctionsJournal(store, region);
            _journals.Add(journal);
        }

        return new StepFunctionsService(new AslEngineOptions
        {
            Region = region,
            Partition = AwsPartitions.Of(region),
            Account = options.AccountId,
            LambdaInvoker = lambda ?? new UnavailableServiceIntegrations(),
            ServiceInvoker = new MessagingIntegrations(messaging(region)),
            ObjectStore = objects,
            ResultShapes = ApiResultShapes.Instance,
            RetainedExecutionHistories = options.ExecutionHistories,
            Journal = journal,
        });
    }

    /// <summary>
    /// Reads back every region the data directory keeps Step Functions in and starts again the
    /// executions that were running when the host stopped.
    /// </summary>
    /// <returns>What could not be read back, and how many executions each region resumed.</returns>
    public IReadOnlyList<string> Resume()
    {
        if (store is null)
        {
            return [];
        }

        var report = new List<string>();
        foreach (var region in store.StepFunctionsRegions())
        {
            var service = For(region);
            report.AddRange(service.LoadProblems.Select(p => $"Step Functions ({region}): {p}"));
            var resumed = service.ResumeRunning();
            if (resumed > 0)
            {
                report.Add($"Step Functions ({region}): {resumed} running execution(s) resumed from the data directory");
            }
        }

        return report;
    }

    /// <summary>Writes what each journal still holds and stops its writer.</summary>
    public void Dispose()
    {
        foreach (var journal in _journals)
        {
            journal.Dispose();
        }
    }
}
