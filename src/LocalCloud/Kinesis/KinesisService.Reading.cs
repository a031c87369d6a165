using System.Globalization;
using System.Text;

namespace Sluice.LocalCloud.Kinesis;

/// <summary>Shard iterators and GetRecords. Iterators are self-describing tokens that expire after five minutes.</summary>
internal sealed partial class KinesisService
{
    public string GetShardIterator(KinesisStream stream, string shardId, string type, string? sequenceNumber, DateTimeOffset? timestamp)
    {
        var shard = stream.Shard(shardId) ?? throw KinesisErrors.ShardNotFound(shardId, stream.Name, Account);
        long position;
        switch (type)
        {
            case "TRIM_HORIZON":
                position = 0;
                break;
            case "LATEST":
                position = shard.LatestCounterPlusOne;
                break;
            case "AT_SEQUENCE_NUMBER" or "AFTER_SEQUENCE_NUMBER":
                if (sequenceNumber is null)
                {
                    throw KinesisErrors.InvalidArgument($"StartingSequenceNumber must be specified for ShardIteratorType {type}");
                }
                var counter = shard.CounterOf(sequenceNumber) ?? throw InvalidSequence(sequenceNumber, shard, stream);
                position = type == "AT_SEQUENCE_NUMBER" ? counter : counter + 1;
                break;
            case "AT_TIMESTAMP":
                if (timestamp is null)
                {
                    throw KinesisErrors.InvalidArgument("Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.");
                }
                if (timestamp > Now)
                {
                    throw KinesisErrors.InvalidArgument($"The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: {timestamp.Value.ToUnixTimeMilliseconds()}, currentTimestampInMillis: {Now.ToUnixTimeMilliseconds()}");
                }
                position = shard.CounterAtTimestamp(timestamp.Value);
                break;
            default:
                throw KinesisErrors.Validation("shardIteratorType", "Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, AT_SEQUENCE_NUMBER, AT_TIMESTAMP, TRIM_HORIZON, LATEST]", type);
        }
        return Iterator(stream, shard, position);
    }

    private Protocol.AwsServiceException InvalidSequence(string sequenceNumber, KinesisShard shard, KinesisStream stream)
    {
        foreach (var other in stream.Shards)
        {
            if (other.CounterOf(sequenceNumber) is not null)
            {
                return KinesisErrors.InvalidArgument($"Invalid StartingSequenceNumber. It encodes {other.ShardId}, while it was used in a call to a shard with {shard.ShardId}");
            }
        }
        return KinesisErrors.InvalidArgument($"StartingSequenceNumber {sequenceNumber} used in GetShardIterator on shard {shard.ShardId} in stream {stream.Name} under account {Account} is invalid.");
    }

    private string Iterator(KinesisStream stream, KinesisShard shard, long position)
    {
        var text = string.Join('|', "1", stream.Name, stream.Incarnation.ToString("N"), shard.Index.ToString(CultureInfo.InvariantCulture),
            position.ToString(CultureInfo.InvariantCulture), Now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>
    /// GetRecords: the records at the iterator, the next iterator and how far behind the tip the answer is.
    /// At the end of a closed shard there is no next iterator: read its children (<see cref="GetRecordsOf"/>).
    /// </summary>
    public (IReadOnlyList<KinesisRecord> Records, string? NextIterator, long MillisBehindLatest) GetRecords(string iterator, int? limit)
    {
        var answer = GetRecordsOf(iterator, limit);
        return (answer.Records, answer.NextIterator, answer.MillisBehindLatest);
    }

    /// <summary>GetRecords, with whether the stream is encrypted (each record then says <c>KMS</c>, as AWS's do) and, at the end of a closed shard, its children.</summary>
    public RecordsAnswer GetRecordsOf(string iterator, int? limit)
    {
        if (limit is < 1 or > 10000)
        {
            throw KinesisErrors.Validation("limit", limit < 1 ? "Member must have value greater than or equal to 1" : "Member must have value less than or equal to 10000", limit.Value.ToString(CultureInfo.InvariantCulture));
        }
        string[] parts;
        try
        {
            parts = Encoding.UTF8.GetString(Convert.FromBase64String(iterator)).Split('|');
        }
        catch (FormatException)
        {
            throw KinesisErrors.InvalidArgument("Invalid ShardIterator.");
        }
        if (parts.Length != 6 || parts[0] != "1"
            || !int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var shardIndex)
            || !long.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            || !long.TryParse(parts[5], NumberStyles.None, CultureInfo.InvariantCulture, out var issued))
        {
            throw KinesisErrors.InvalidArgument("Invalid ShardIterator.");
        }
        if (!_streams.TryGetValue(parts[1], out var stream) || stream.Incarnation.ToString("N") != parts[2] || shardIndex >= stream.Shards.Count)
        {
            throw KinesisErrors.StreamNotFound(parts[1], Account);
        }
        var now = Now;
        var lifetime = (long)_options.ShardIteratorLifetime.TotalMilliseconds;
        if (now.ToUnixTimeMilliseconds() - issued > lifetime)
        {
            throw new Protocol.AwsServiceException("ExpiredIteratorException",
                $"Iterator expired. The iterator was created at time {FormatTime(issued)} while right now it is {FormatTime(now.ToUnixTimeMilliseconds())} which is further in the future than the tolerated delay of {lifetime} milliseconds.");
        }
        var shard = stream.Shards[shardIndex];
        var (records, next, behind, ended) = shard.Read(position, limit ?? 10000, now, TimeSpan.FromHours(stream.RetentionHours));
        return new RecordsAnswer(records, ended ? null : Iterator(stream, shard, next), behind, stream.Settings.EncryptionType == "KMS",
            ended ? stream.ChildrenOf(shard.ShardId) : null);
    }

    /// <summary>What GetRecords answers; <see cref="ChildShards"/> is set (and <see cref="NextIterator"/> null) once a closed shard has been read to its end.</summary>
    internal sealed record RecordsAnswer(IReadOnlyList<KinesisRecord> Records, string? NextIterator, long MillisBehindLatest, bool Encrypted, IReadOnlyList<KinesisShard>? ChildShards);

    private static string FormatTime(long millis) =>
        DateTimeOffset.FromUnixTimeMilliseconds(millis).UtcDateTime.ToString("ddd MMM dd HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture);
}
