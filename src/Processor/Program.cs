using Sluice.Processor;
using Sluice.Shared.Aws;
using Sluice.Shared.Events;
using Sluice.Shared.Runtime;

return await LambdaHost.RunAsync(static host =>
{
    var stepFunctions = new StepFunctionsClient(AwsClientOptions.FromEnvironment(host.Environment), host.Http);
    var handler = new ProcessorHandler(new StepFunctionsStarter(stepFunctions, host.RequiredVariable("STATE_MACHINE_ARN")), host.Logger, host.Metrics);
    return TypedHandler.For(EventsJsonContext.Default.SqsEvent, EventsJsonContext.Default.BatchResponse, handler.HandleAsync);
}).ConfigureAwait(false);
