using System.Text.Json.Nodes;

namespace Sluice.Asl.Resources;

/// <summary>
/// One integration call. TaskToken is set for the .waitForTaskToken pattern (the same token the
/// state passes on through $$.Task.Token); the task then waits for SendTaskSuccess/Failure.
/// </summary>
public sealed record ServiceInvocation(string Service, string Action, bool AwsSdk, JsonNode? Parameters, string Region, string Account, string? TaskToken = null);
