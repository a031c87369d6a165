using System.Text.Json.Serialization.Metadata;

namespace Sluice.Shared.Aws;

/// <summary>Amazon Kinesis Data Streams over awsJson 1.1 (target prefix <c>Kinesis_20131202</c>).</summary>
public sealed class KinesisClient
{
    internal const int MaxPutRecords = 500;
    internal const int MaxRecordBytes = 1024 * 1024;

    private readonly AwsHttpClient _transport;

    public KinesisClient(AwsClientOptions options, HttpClient http)
    {
        _transport = new AwsHttpClient(options, AwsService.Kinesis, http);
    }

    /// <summary>
    /// Writes 1 to 500 records. Per-record failures come back in the result
    /// (<see cref="PutRecordsResult.FailedRecordCount"/>), not as an exception.
    /// </summary>
    /// <param name="stream">The stream name, or its ARN (anything starting with "arn:").</param>
    public Task<PutRecordsResult> PutRecordsAsync(
        string stream,
        IReadOnlyList<PutRecordsRequestEntry> records,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count is 0 or > MaxPutRecords)
        {
            throw new ArgumentException($"PutRecords takes 1 to {MaxPutRecords} records, got {records.Count}.", nameof(records));
        }

        foreach (var record in records)
        {
            ArgumentNullException.ThrowIfNull(record, nameof(records));
            if (record.Data.Length + System.Text.Encoding.UTF8.GetByteCount(record.PartitionKey) > MaxRecordBytes)
            {
                throw new ArgumentException(
                    $"Record with partition key '{record.PartitionKey}' is over 1 MiB (data plus partition key).", nameof(records));
            }
        }

        var (name, arn) = Stream(stream);
        return CallAsync(
            "PutRecords",
            new PutRecordsRequest { StreamName = name, StreamARN = arn, Records = records },
            KinesisJsonContext.Default.PutRecordsRequest,
            KinesisJsonContext.Default.PutRecordsResult,
            cancellationToken);
    }

    /// <summary>Lists shards; pass <paramref name="nextToken"/> from the previous page (the stream is then not sent, as the API requires).</summary>
    public Task<ListShardsResult> ListShardsAsync(
        string stream,
        string? nextToken = null,
        int? maxResults = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        if (maxResults is < 1 or > 10000)
        {
            throw new ArgumentOutOfRangeException(nameof(maxResults), maxResults, "ListShards takes 1 to 10000.");
        }

        var (name, arn) = nextToken is null ? Stream(stream) : (null, null);
        return CallAsync(
            "ListShards",
            new ListShardsRequest { StreamName = name, StreamARN = arn, NextToken = nextToken, MaxResults = maxResults },
            KinesisReadJsonContext.Default.ListShardsRequest,
            KinesisReadJsonContext.Default.ListShardsResult,
            cancellationToken);
    }

    /// <summary>The stream's summary: status, retention, creation time, open shards.</summary>
    public Task<DescribeStreamSummaryResult> DescribeStreamSummaryAsync(string stream, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        var (name, arn) = Stream(stream);
        return CallAsync(
            "DescribeStreamSummary",
            new DescribeStreamSummaryRequest { StreamName = name, StreamARN = arn },
            KinesisReadJsonContext.Default.DescribeStreamSummaryRequest,
            KinesisReadJsonContext.Default.DescribeStreamSummaryResult,
            cancellationToken);
    }

    /// <summary>Every shard of the stream, all pages read.</summary>
    public async Task<IReadOnlyList<Shard>> ListAllShardsAsync(string stream, CancellationToken cancellationToken = default)
    {
        var shards = new List<Shard>();
        string? token = null;
        do
        {
            var page = await ListShardsAsync(stream, token, cancellationToken: cancellationToken).ConfigureAwait(false);
            shards.AddRange(page.Shards);
            token = page.NextToken is { Length: > 0 } next ? next : null;
        }
        while (token is not null);

        return shards;
    }

    /// <param name="shardIteratorType">TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER or AT_TIMESTAMP.</param>
    public async Task<string> GetShardIteratorAsync(
        string stream,
        string shardId,
        string shardIteratorType,
        string? startingSequenceNumber = null,
        DateTimeOffset? timestamp = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentException.ThrowIfNullOrEmpty(shardId);
        ArgumentException.ThrowIfNullOrEmpty(shardIteratorType);
        var (name, arn) = Stream(stream);
        var result = await CallAsync(
            "GetShardIterator",
            new GetShardIteratorRequest
            {
                StreamName = name,
                StreamARN = arn,
                ShardId = shardId,
                ShardIteratorType = shardIteratorType,
                StartingSequenceNumber = startingSequenceNumber,
                Timestamp = timestamp,
            },
            KinesisReadJsonContext.Default.GetShardIteratorRequest,
            KinesisReadJsonContext.Default.GetShardIteratorResult,
            cancellationToken).ConfigureAwait(false);
        return result.ShardIterator;
    }

    /// <param name="limit">1 to 10000 records; null for the service default.</param>
    /// <param name="streamArn">Optional, for callers that address streams by ARN.</param>
    public Task<GetRecordsResult> GetRecordsAsync(
        string shardIterator,
        int? limit = null,
        string? streamArn = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(shardIterator);
        if (limit is < 1 or > 10000)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "GetRecords takes 1 to 10000.");
        }

        return CallAsync(
            "GetRecords",
            new GetRecordsRequest { ShardIterator = shardIterator, Limit = limit, StreamARN = streamArn },
            KinesisReadJsonContext.Default.GetRecordsRequest,
            KinesisReadJsonContext.Default.GetRecordsResult,
            cancellationToken);
    }

    private static (string? Name, string? Arn) Stream(string stream) =>
        stream.StartsWith("arn:", StringComparison.Ordinal) ? (null, stream) : (stream, null);

    private Task<TResult> CallAsync<TRequest, TResult>(
        string operation,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResult> resultType,
        CancellationToken cancellationToken) =>
        _transport.CallJsonAsync("Kinesis", "Kinesis_20131202." + operation, "1.1", request, requestType, resultType, cancellationToken);
}
