using System.Text;
using Sluice.Shared.Aws;

namespace Sluice.Cli.Tests.Support;

/// <summary>Clients for the tests' own setup calls against an endpoint.</summary>
internal static class AwsTestClients
{
    public static AwsClientOptions Options(string endpoint) =>
        new() { Credentials = new AwsCredentials("test", "test"), Region = "us-east-1", EndpointUrl = new Uri(endpoint) };

    public static async Task CreateStreamAsync(string endpoint, string name, int shards)
    {
        using var http = new HttpClient();
        var transport = new AwsHttpClient(Options(endpoint), AwsService.Kinesis, http);
        await transport.SendJsonAsync("Kinesis_20131202.CreateStream", "1.1",
            Encoding.UTF8.GetBytes($"{{\"StreamName\":\"{name}\",\"ShardCount\":{shards}}}"), TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    /// <summary>Every record of every shard, read from the oldest.</summary>
    public static async Task<List<KinesisStreamRecord>> ReadAllAsync(string endpoint, string stream)
    {
        using var http = new HttpClient();
        var kinesis = new KinesisClient(Options(endpoint), http);
        var shards = await kinesis.ListAllShardsAsync(stream, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        var records = new List<KinesisStreamRecord>();
        foreach (var shard in shards)
        {
            await Sluice.Cli.History.ShardReader.ReadAsync(kinesis, stream, shard.ShardId, records.Add, TestContext.Current.CancellationToken)
                .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        }

        return records;
    }

    public static async Task PutAsync(string endpoint, string stream, string partitionKey, byte[] data)
    {
        using var http = new HttpClient();
        var kinesis = new KinesisClient(Options(endpoint), http);
        var result = await kinesis.PutRecordsAsync(stream, [new PutRecordsRequestEntry(data, partitionKey)], TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(0, result.FailedRecordCount);
    }
}
