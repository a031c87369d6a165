using System.Text.Json.Nodes;

namespace Sluice.Asl.Resources;

/// <summary>
/// The service's response as JSON (Result), or its error. HttpHeaders, when given, become the
/// SdkHttpMetadata that optimised integrations (not aws-sdk ones) add to their output.
/// </summary>
public sealed record ServiceInvocationResult
{
    public JsonNode? Result { get; init; }

    public ServiceError? Error { get; init; }

    public IReadOnlyDictionary<string, string>? HttpHeaders { get; init; }

    public string RequestId { get; init; } = Guid.NewGuid().ToString();

    public static ServiceInvocationResult Success(JsonNode? result) => new() { Result = result };

    public static ServiceInvocationResult Failure(ServiceError error) => new() { Error = error };
}
