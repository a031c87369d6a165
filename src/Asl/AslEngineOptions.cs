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

    public IAslClock Clock { get; init; } = new ScaledClock();
}
