using Sluice.Ingest;
using Sluice.Shared.Aws;
using Sluice.Shared.Events;
using Sluice.Shared.Runtime;

return await LambdaHost.RunAsync(static host =>
{
    var sns = new SnsClient(AwsClientOptions.FromEnvironment(host.Environment), host.Http);
    var handler = new IngestHandler(new SnsEventPublisher(sns, host.RequiredVariable("TOPIC_ARN")), host.Logger, host.Metrics, host.Clock);
    return TypedHandler.For(EventsJsonContext.Default.KinesisEvent, EventsJsonContext.Default.BatchResponse, handler.HandleAsync);
}).ConfigureAwait(false);
