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

    /// <summary>
    /// The workflow's outcome key as the template names it for the CLI's default stack
    /// (<c>alias/sluice-dev-outcomes</c>): created in the endpoint's KMS on first use.
    /// </summary>
    public static async Task<string> OutcomeKeyAsync(string endpoint, string alias = "alias/sluice-dev-outcomes")
    {
        using var http = new HttpClient();
        var transport = new AwsHttpClient(Options(endpoint), AwsService.Kms, http);
        var ct = TestContext.Current.CancellationToken;
        try
        {
            await transport.SendJsonAsync("TrentService.DescribeKey", "1.1", Encoding.UTF8.GetBytes($"{{\"KeyId\":\"{alias}\"}}"), ct);
            return alias;
        }
        catch (AwsServiceException e) when (e.ErrorCode == "NotFoundException")
        {
            var created = await transport.SendJsonAsync("TrentService.CreateKey", "1.1", """{"KeySpec":"HMAC_256","KeyUsage":"GENERATE_VERIFY_MAC"}"""u8.ToArray(), ct);
            using var key = System.Text.Json.JsonDocument.Parse(created);
            var id = key.RootElement.GetProperty("KeyMetadata").GetProperty("KeyId").GetString();
            try
            {
                await transport.SendJsonAsync("TrentService.CreateAlias", "1.1", Encoding.UTF8.GetBytes($"{{\"AliasName\":\"{alias}\",\"TargetKeyId\":\"{id}\"}}"), ct);
            }
            catch (AwsServiceException raced) when (raced.ErrorCode == "AlreadyExistsException")
            {
                // Another test created it first: that key is the one.
            }

            return alias;
        }
    }

    /// <summary>An outcome event signed as the Orchestrator signs it, with the outcome key of <see cref="OutcomeKeyAsync"/>.</summary>
    public static async Task<byte[]> SignedAsync(string endpoint, byte[] outcome)
    {
        var alias = await OutcomeKeyAsync(endpoint);
        using var http = new HttpClient();
        var kms = new Sluice.Shared.Aws.Kms.KmsClient(Options(endpoint), http);
        var parsed = Sluice.Shared.Envelope.CloudEventParser.Parse(outcome).Event!;
        var mac = await kms.GenerateMacAsync(alias, Sluice.Shared.Domain.OutcomeSignature.Message(parsed), Sluice.Shared.Domain.OutcomeSignature.Algorithm, TestContext.Current.CancellationToken);
        return Sluice.Shared.Domain.OutcomeSignature.Attach(outcome, mac);
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

    /// <summary>A signed S3 PUT (a bucket when <paramref name="key"/> is null, else an object), as any S3 client sends it.</summary>
    public static async Task S3PutAsync(string endpoint, string bucket, string? key = null, byte[]? body = null)
    {
        using var http = new HttpClient();
        var path = key is null ? $"/{bucket}" : $"/{bucket}/{key}";
        body ??= [];
        using var request = new HttpRequestMessage(HttpMethod.Put, endpoint.TrimEnd('/') + path) { Content = new ByteArrayContent(body) };
        new SigV4Signer(new AwsCredentials("test", "test"), "us-east-1", "s3", normalizePath: false).Sign(request, body, DateTimeOffset.UtcNow, addContentSha256: true);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
    }

    /// <summary>Records as Firehose archives them: the bytes concatenated with no delimiter, gzipped.</summary>
    public static byte[] Gzip(params byte[][] records)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            foreach (var record in records)
            {
                gzip.Write(record);
            }
        }

        return buffer.ToArray();
    }
}
