using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Sns;

/// <summary>SNS's query-protocol error codes.</summary>
internal static class SnsErrors
{
    public static AwsServiceException InvalidParameter(string message) => new("InvalidParameter", "Invalid parameter: " + message);

    public static AwsServiceException InvalidParameterValue(string message) => new("InvalidParameterValue", message);

    public static AwsServiceException TopicNotFound() => new("NotFound", "Topic does not exist", 404);

    public static AwsServiceException SubscriptionNotFound() => new("NotFound", "Subscription does not exist", 404);
}
