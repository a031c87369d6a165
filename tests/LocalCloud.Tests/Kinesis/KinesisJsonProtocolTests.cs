using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Kinesis;

/// <summary>Kinesis answers over AWS JSON 1.1: paging, timestamps as epoch seconds, base64 data.</summary>
public sealed class KinesisJsonProtocolTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>, IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(cloud.Endpoint) };

    public void Dispose() => _http.Dispose();

    private async Task<JsonElement> CallAsync(string action, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "Kinesis_20131202." + action);
        var response = await _http.SendAsync(request).WaitAsync(TimeSpan.FromSeconds(30));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        Assert.Equal("application/x-amz-json-1.1", response.Content.Headers.ContentType!.MediaType);
        return JsonDocument.Parse(text).RootElement;
    }

    [Fact]
    public async Task ListShards_WithMaxResults_PagesThroughNextToken()
    {
        await CallAsync("CreateStream", """{"StreamName":"paged","ShardCount":5}""");

        var first = await CallAsync("ListShards", """{"StreamName":"paged","MaxResults":2}""");
        var second = await CallAsync("ListShards", $$"""{"NextToken":"{{first.GetProperty("NextToken").GetString()}}","MaxResults":10}""");
        var described = await CallAsync("DescribeStream", """{"StreamName":"paged","Limit":3}""");

        Assert.Equal(["shardId-000000000000", "shardId-000000000001"], first.GetProperty("Shards").EnumerateArray().Select(s => s.GetProperty("ShardId").GetString()));
        Assert.Equal(3, second.GetProperty("Shards").GetArrayLength());
        Assert.False(second.TryGetProperty("NextToken", out _));
        Assert.True(described.GetProperty("StreamDescription").GetProperty("HasMoreShards").GetBoolean());
        Assert.Equal("340282366920938463463374607431768211455", second.GetProperty("Shards")[2].GetProperty("HashKeyRange").GetProperty("EndingHashKey").GetString());
    }

    [Fact]
    public async Task ListShards_WithAShardFilter_EveryPageIsFiltered()
    {
        await CallAsync("CreateStream", """{"StreamName":"filtered","ShardCount":2}""");
        var scaled = await CallAsync("UpdateShardCount", """{"StreamName":"filtered","TargetShardCount":4,"ScalingType":"UNIFORM_SCALING"}""");

        var first = await CallAsync("ListShards", """{"StreamName":"filtered","MaxResults":2,"ShardFilter":{"Type":"AT_LATEST"}}""");
        var second = await CallAsync("ListShards", $$"""{"NextToken":"{{first.GetProperty("NextToken").GetString()}}","MaxResults":2}""");
        var everything = await CallAsync("ListShards", """{"StreamName":"filtered"}""");

        Assert.Equal(2, scaled.GetProperty("CurrentShardCount").GetInt32());
        Assert.Equal(["shardId-000000000002", "shardId-000000000003"], first.GetProperty("Shards").EnumerateArray().Select(s => s.GetProperty("ShardId").GetString()));
        Assert.Equal(["shardId-000000000004", "shardId-000000000005"], second.GetProperty("Shards").EnumerateArray().Select(s => s.GetProperty("ShardId").GetString()));
        Assert.False(second.TryGetProperty("NextToken", out _));
        Assert.Equal(6, everything.GetProperty("Shards").GetArrayLength());
    }

    [Fact]
    public async Task GetRecords_ReturnsBase64DataAndEpochSecondTimestamps()
    {
        await CallAsync("CreateStream", """{"StreamName":"wire","ShardCount":1}""");
        var before = DateTimeOffset.UtcNow.AddSeconds(-5).ToUnixTimeSeconds();
        await CallAsync("PutRecords", """{"StreamName":"wire","Records":[{"Data":"AAEC/w==","PartitionKey":"p"},{"Data":"","PartitionKey":"empty"}]}""");
        var iterator = (await CallAsync("GetShardIterator", """{"StreamName":"wire","ShardId":"shardId-000000000000","ShardIteratorType":"TRIM_HORIZON"}""")).GetProperty("ShardIterator").GetString();

        var records = (await CallAsync("GetRecords", $$"""{"ShardIterator":"{{iterator}}"}""")).GetProperty("Records");

        Assert.Equal("AAEC/w==", records[0].GetProperty("Data").GetString());
        Assert.Equal("", records[1].GetProperty("Data").GetString());
        var arrival = records[0].GetProperty("ApproximateArrivalTimestamp");
        Assert.Equal(JsonValueKind.Number, arrival.ValueKind);
        Assert.InRange(arrival.GetDouble(), before, before + 3600);
    }

    [Fact]
    public async Task ListStreams_WithLimit_ReportsHasMoreAndContinues()
    {
        foreach (var name in new[] { "ls-a", "ls-b", "ls-c" })
        {
            await CallAsync("CreateStream", $$"""{"StreamName":"{{name}}","ShardCount":1}""");
        }

        var first = await CallAsync("ListStreams", """{"Limit":1,"ExclusiveStartStreamName":"ls-"}""");
        var rest = await CallAsync("ListStreams", """{"ExclusiveStartStreamName":"ls-a"}""");

        Assert.Equal(["ls-a"], first.GetProperty("StreamNames").EnumerateArray().Select(s => s.GetString()));
        Assert.True(first.GetProperty("HasMoreStreams").GetBoolean());
        Assert.Contains("ls-b", rest.GetProperty("StreamNames").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("ls-a", first.GetProperty("StreamSummaries")[0].GetProperty("StreamName").GetString());
    }
}
