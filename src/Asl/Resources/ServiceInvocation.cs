using System.Text.Json.Nodes;

namespace Sluice.Asl.Resources;

public sealed record ServiceInvocation(string Service, string Action, bool AwsSdk, JsonNode? Parameters, string Region, string Account);
