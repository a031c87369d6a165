using Sluice.Orchestrator;
using Sluice.Shared.Aws;
using Sluice.Shared.Aws.Kms;
using Sluice.Shared.Runtime;

return await LambdaHost.RunAsync(static host =>
{
    var options = AwsClientOptions.FromEnvironment(host.Environment);
    var kinesis = new KinesisClient(options, host.Http);
    var signer = new KmsOutcomeSigner(new KmsClient(options, host.Http), host.RequiredVariable("OUTCOME_KEY_ID"));
    var handler = new OrchestratorHandler(new KinesisOutcomeWriter(kinesis, host.RequiredVariable("STREAM_NAME")), signer, host.Logger, host.Metrics, host.Clock);
    return (invocation, _, cancellationToken) => handler.HandleAsync(invocation.Payload, cancellationToken);
}).ConfigureAwait(false);
