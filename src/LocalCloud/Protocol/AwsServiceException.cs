namespace Sluice.LocalCloud.Protocol;

/// <summary>
/// An AWS error answer. <see cref="Code"/> is the JSON protocol's <c>__type</c> name; services that also
/// speak the query protocol under an older name (SQS) give it as <see cref="QueryCode"/>.
/// </summary>
internal sealed class AwsServiceException(string code, string message, int status = 400, string? queryCode = null, bool senderFault = true)
    : Exception(message)
{
    public string Code { get; } = code;

    public string QueryCode { get; } = queryCode ?? code;

    public int Status { get; } = status;

    public bool SenderFault { get; } = senderFault;

    public static AwsServiceException Validation(string message) => new("ValidationException", message);

    public static AwsServiceException Serialization(string message) => new("SerializationException", message);
}
