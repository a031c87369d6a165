using System.Collections.Concurrent;
using Sluice.LocalCloud.Firehose;
using Sluice.LocalCloud.Kinesis;
using Sluice.LocalCloud.Kms;
using Sluice.LocalCloud.Logs;
using Sluice.LocalCloud.Persistence;
using Sluice.LocalCloud.S3;
using Sluice.LocalCloud.Sns;
using Sluice.LocalCloud.Sqs;

namespace Sluice.LocalCloud.Hosting;

/// <summary>
/// The services of each region, created on first use: a request signed for <c>eu-west-1</c> sees
/// eu-west-1's queues, topics and streams, with eu-west-1 ARNs, as it would in AWS.
/// </summary>
internal sealed class RegionalServices : IDisposable
{
    private readonly ConcurrentDictionary<string, Services> _regions = new(StringComparer.Ordinal);
    private readonly LocalCloudOptions _options;
    private readonly DurableStore? _store;
    private readonly S3Service? _s3;
    private string _endpoint;

    /// <param name="store">The data directory's store each region's services write through; null keeps them in memory.</param>
    /// <param name="s3">The account's S3, where each region's Firehose delivers; null builds no Firehose.</param>
    public RegionalServices(LocalCloudOptions options, DurableStore? store, S3Service? s3 = null)
    {
        _options = options;
        _store = store;
        _s3 = s3;
        _endpoint = $"http://127.0.0.1:{options.Port}";
    }

    internal sealed record Services(SqsService Sqs, SnsService Sns, KinesisService Kinesis)
    {
        /// <summary>CloudWatch Logs of the region; null in service sets built without it (tests of one service).</summary>
        public LogsService? Logs { get; init; }

        /// <summary>Amazon Data Firehose of the region; null in service sets built without S3.</summary>
        public FirehoseService? Firehose { get; init; }
        /// <summary>KMS of the region; null in service sets built without it (tests of one service).</summary>
        public KmsService? Kms { get; init; }
    }

    /// <summary>Base URL of queue URLs and unsubscribe links; set once the port is known.</summary>
    public string Endpoint
    {
        get => _endpoint;
        set
        {
            _endpoint = value;
            foreach (var services in _regions.Values)
            {
                services.Sqs.Endpoint = value;
                services.Sns.Endpoint = value;
            }
        }
    }

    public Services For(string region) => _regions.GetOrAdd(region, r =>
    {
        var options = _options with { Region = r };
        var sqs = new SqsService(options, _store) { Endpoint = _endpoint };
        var kms = new KmsService(new KmsOptions(r, options.AccountId, options.Clock), _store);
        // StartStreamEncryption checks its key against this region's KMS, as AWS does.
        var kinesis = new KinesisService(options, _store) { VerifyKmsKey = keyId => Kinesis.KinesisKms.Verify(kms, keyId) };
        var logs = new LogsService(new LogsOptions(r, options.AccountId, options.Clock), _store);
        return new Services(sqs, new SnsService(options, sqs, _store) { Endpoint = _endpoint }, kinesis)
        {
            Logs = logs,
            Firehose = _s3 is null ? null : new FirehoseService(new FirehoseOptions(r, options.AccountId, options.Clock) { PumpInterval = options.EventSourcePollInterval ?? TimeSpan.FromMilliseconds(500) }, _s3, kinesis, logs, _store),
            Kms = kms,
        };
    });

    public void Dispose()
    {
        foreach (var services in _regions.Values)
        {
            services.Firehose?.Dispose();
            services.Logs?.Dispose();
            services.Kinesis.Dispose();
        }
    }
}
