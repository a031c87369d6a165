using Sluice.Asl.Resources;
using Sluice.Asl.Time;

namespace Sluice.Asl;

/// <summary>What the engine needs from its host: where it is, how to call Lambda and services, and time.</summary>
public sealed class AslEngineOptions
{
    public string Region { get; init; } = "us-east-1";

    public string Account { get; init; } = "000000000000";

    public string Partition { get; init; } = "aws";

    public ILambdaInvoker LambdaInvoker { get; init; } = new UnavailableServiceIntegrations();

    public IServiceIntegrationInvoker ServiceInvoker { get; init; } = new UnavailableServiceIntegrations();

    /// <summary>S3 for a Distributed Map's ItemReader and ResultWriter.</summary>
    public IObjectStore ObjectStore { get; init; } = new UnavailableServiceIntegrations();

    public IAslClock Clock { get; init; } = new ScaledClock();

    /// <summary>The APIs' response shapes a TestState mock is held to; without them a mocked result is not checked.</summary>
    public IResultShapes? ResultShapes { get; init; }

    /// <summary>
    /// How many closed executions keep their history events. A history holds every state's input and
    /// output (tens of KiB for a short workflow), so a long load test would otherwise grow the process
    /// by gigabytes. Beyond this many, the oldest closed execution's history is released: it stays
    /// in DescribeExecution and ListExecutions and keeps its name taken, and GetExecutionHistory
    /// answers ExecutionDoesNotExist saying why. AWS keeps histories for 90 days.
    /// </summary>
    public int RetainedExecutionHistories { get; init; } = DefaultRetainedExecutionHistories;

    public const int DefaultRetainedExecutionHistories = 10_000;

    /// <summary>
    /// Where state machines and Standard executions are kept across a restart of the host; null keeps
    /// them in memory only. The service reads it when built and writes through it from then on.
    /// </summary>
    public Api.IExecutionJournal? Journal { get; init; }
}
