namespace Sluice.Cli.Demo;

/// <summary>What the report needs from the cloud: the endpoint and the Lambda invocation counts.</summary>
internal sealed record RunningCloudView(string Endpoint, Dictionary<string, int> ColdStarts, Dictionary<string, int> Invocations);
