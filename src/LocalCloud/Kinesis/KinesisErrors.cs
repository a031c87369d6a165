using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Kinesis;

/// <summary>Kinesis error types (the JSON <c>__type</c>) with AWS's wording.</summary>
internal static class KinesisErrors
{
    public static AwsServiceException StreamNotFound(string name, string account) =>
        new("ResourceNotFoundException", $"Stream {name} under account {account} not found.");

    public static AwsServiceException ShardNotFound(string shardId, string stream, string account) =>
        new("ResourceNotFoundException", $"Shard {shardId} in stream {stream} under account {account} does not exist");

    public static AwsServiceException InUse(string name, string account) =>
        new("ResourceInUseException", $"Stream {name} under account {account} already exists.");

    public static AwsServiceException InvalidArgument(string message) => new("InvalidArgumentException", message);

    public static AwsServiceException Validation(string member, string constraint, string? value = null) =>
        new("ValidationException", $"1 validation error detected: Value {(value is null ? "null" : "'" + value + "'")} at '{member}' failed to satisfy constraint: {constraint}");

    public static string ThroughputMessage(string shardId, string stream, string account) =>
        $"Rate exceeded for shard {shardId} in stream {stream} under account {account}.";

    public static AwsServiceException LimitExceeded(string message) => new("LimitExceededException", message);

    public static AwsServiceException ShardClosed(string shardId, string stream, string account) =>
        new("InvalidArgumentException", $"Shard {shardId} in stream {stream} under account {account} has already been merged or split, and thus is not eligible for merging or splitting.");

    public static string ShardLimitMessage(string account, string region, int open, int more, int limit) =>
        $"This request would exceed the shard limit for the account {account} in {region}. Current shard count for the account: {open}. Limit: {limit}. Number of additional shards that would have resulted from this request: {more}. Refer to the AWS Service Limits page (https://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits.";
}
