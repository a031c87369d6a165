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

    public static AwsServiceException Throughput(string shardId, string stream, string account) =>
        new("ProvisionedThroughputExceededException", ThroughputMessage(shardId, stream, account));

    public static string ThroughputMessage(string shardId, string stream, string account) =>
        $"Rate exceeded for shard {shardId} in stream {stream} under account {account}.";

    public static AwsServiceException LimitExceeded(string message) => new("LimitExceededException", message);
}
