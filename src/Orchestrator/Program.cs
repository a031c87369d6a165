using Sluice.Orchestrator;
using Sluice.Shared.Aws;
using Sluice.Shared.Runtime;

return await LambdaHost.RunAsync(static host =>
{
    var kinesis = new KinesisClient(AwsClientOptions.FromEnvironment(host.Environment), host.Http);
    var handler = new OrchestratorHandler(new KinesisOutcomeWriter(kinesis, host.RequiredVariable("STREAM_NAME")), host.Logger, host.Metrics, host.Clock);
    return (invocation, _, cancellationToken) => handler.HandleAsync(invocation.Payload, cancellationToken);
}).ConfigureAwait(false);
