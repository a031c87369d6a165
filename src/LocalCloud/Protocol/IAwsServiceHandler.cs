namespace Sluice.LocalCloud.Protocol;

/// <summary>
/// One AWS service on the shared endpoint. The host finds it by the <c>X-Amz-Target</c> prefix (JSON
/// protocols), the query <c>Version</c>, or the SigV4 signing name; adding a service is one class.
/// </summary>
internal interface IAwsServiceHandler
{
    /// <summary>The SigV4 service name in the credential scope (e.g. <c>sqs</c>).</summary>
    string SigningName { get; }

    /// <summary><c>X-Amz-Target</c> prefixes before the dot (e.g. <c>AmazonSQS</c>); empty if none.</summary>
    IReadOnlyList<string> TargetPrefixes { get; }

    /// <summary>The query protocol's <c>Version</c> (e.g. <c>2010-03-31</c>), or null if the service has none.</summary>
    string? QueryVersion { get; }

    /// <summary>XML namespace of query-protocol answers.</summary>
    string QueryNamespace { get; }

    /// <summary>JSON content type of answers (<c>application/x-amz-json-1.0</c> or <c>-1.1</c>).</summary>
    string JsonContentType { get; }

    /// <summary>Prepended to error codes in a JSON <c>__type</c> (SQS: <c>com.amazonaws.sqs#</c>).</summary>
    string JsonErrorPrefix { get; }

    /// <summary>Query-protocol actions this service answers (used to route unsigned form posts).</summary>
    bool KnowsQueryAction(string action);

    /// <summary>
    /// botocore's name for the service (<c>kinesis</c>, <c>logs</c>, ...) whose API model each request of a
    /// served operation is held to before <see cref="HandleAsync"/> sees it; null checks nothing.
    /// </summary>
    string? ModelName => null;

    /// <summary>
    /// Whether this handler serves <paramref name="action"/>. Only served operations are held to the model,
    /// so a request for any other gets the service's unknown-operation answer whatever its input.
    /// </summary>
    bool Serves(string action) => KnowsQueryAction(action);

    /// <summary>
    /// The answer to a request that breaks its operation's input shape (AWS's request validation:
    /// <c>ValidationException</c>, "1 validation error detected: ..."), or null to leave it to the service.
    /// </summary>
    AwsServiceException? Refuse(IReadOnlyList<ModelViolation> violations) =>
        AwsServiceException.Validation(ModelViolation.Message(violations));

    /// <summary>Why an operation of the service's model is not served here, for the unknown-operation answer; null when there is nothing to add.</summary>
    string? WhyUnserved(string action) => null;

    /// <summary>The unknown-operation message: AWS's sentence, then which operation the local cloud does not serve and why.</summary>
    static string UnknownActionMessage(IAwsServiceHandler handler, string action) =>
        handler.WhyUnserved(action) is { } why
            ? $"The action {action} is not valid for this endpoint. {action} is not served by the Sluice local cloud: {why}."
            : $"The action {action} is not valid for this endpoint.";

    ValueTask<AwsResponse> HandleAsync(AwsRequest request, CancellationToken cancellationToken);
}
