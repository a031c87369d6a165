using Sluice.Processor;
using Sluice.Shared.Aws;
using Sluice.Shared.Aws.Sqs;
using Sluice.Shared.Events;
using Sluice.Shared.Runtime;

return await LambdaHost.RunAsync(static host =>
{
    var options = AwsClientOptions.FromEnvironment(host.Environment);
    var starter = new StepFunctionsStarter(new StepFunctionsClient(options, host.Http), host.RequiredVariable("STATE_MACHINE_ARN"));
    var rejected = new SqsRejectedQueue(new SqsClient(options, host.Http), host.RequiredVariable("REJECTED_QUEUE_URL"));
    var handler = new ProcessorHandler(starter, rejected, host.Logger, host.Metrics, host.Clock);
    return TypedHandler.For(EventsJsonContext.Default.SqsEvent, EventsJsonContext.Default.BatchResponse, handler.HandleAsync);
}).ConfigureAwait(false);
