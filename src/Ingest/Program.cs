using Sluice.Ingest;
using Sluice.Shared.Aws;
using Sluice.Shared.Aws.Kms;
using Sluice.Shared.Domain;
using Sluice.Shared.Events;
using Sluice.Shared.Runtime;

return await LambdaHost.RunAsync(static host =>
{
    var options = AwsClientOptions.FromEnvironment(host.Environment);
    var sns = new SnsClient(options, host.Http);
    var verifier = OutcomeVerifier.ForKey(new KmsClient(options, host.Http), host.RequiredVariable("OUTCOME_KEY_ID"));
    var handler = new IngestHandler(new SnsEventPublisher(sns, host.RequiredVariable("TOPIC_ARN")), verifier, host.Logger, host.Metrics, host.Clock);
    return TypedHandler.For(EventsJsonContext.Default.KinesisEvent, EventsJsonContext.Default.BatchResponse, handler.HandleAsync);
}).ConfigureAwait(false);
