using System.Text.Json.Nodes;

namespace Sluice.Asl.Resources;

/// <summary>
/// The response shapes of the APIs a Task calls, which TestState holds a mocked result to
/// (fieldValidationMode STRICT and PRESENT). The engine has none of its own: the host passes one
/// built from AWS's API models.
/// </summary>
public interface IResultShapes
{
    /// <summary>
    /// The first way <paramref name="result"/> breaks the response shape of the call, in AWS's words
    /// (<c>Field 'EventId' must be a string</c>, <c>Required field 'ExecutionArn' is missing</c>), or
    /// null when it fits or the shape of the call is not known.
    /// </summary>
    /// <param name="service">The service as the Resource ARN names it (<c>events</c>, <c>states</c>; after <c>aws-sdk:</c>, <c>s3</c>, <c>sfn</c>).</param>
    /// <param name="action">The action as the ARN names it (<c>putEvents</c>, <c>getObject</c>).</param>
    /// <param name="awsSdk">Whether the ARN is an <c>aws-sdk:</c> integration rather than an optimised one.</param>
    /// <param name="result">The mocked result, a JSON object.</param>
    /// <param name="requireAll">STRICT: members the shape requires must be there; PRESENT checks only the members given.</param>
    string? Problem(string service, string action, bool awsSdk, JsonObject result, bool requireAll);
}
