using System.Text;
using System.Text.Json;
using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Kinesis;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.Kinesis;

/// <summary>Kinesis behaviour held against TestData/aws-recorded/kinesis.</summary>
public sealed class KinesisRecordedTests
{
    private static readonly JsonElement s_snapshot = RecordedSnapshots.Load("kinesis/test_kinesis.snapshot.json");

    private static KinesisService Service() => new(new LocalCloudOptions { Port = 0 });

    [Fact]
    public void CreateStream_WithoutShardCount_HasTheRecordedFourShards()
    {
        var kinesis = Service();

        kinesis.CreateStream("no-count", null);

        var recorded = RecordedSnapshots.Test(s_snapshot, "test_create_stream_without_shard_count").GetProperty("Shards");
        var stream = kinesis.Stream("no-count", null);
        Assert.Equal(recorded.GetArrayLength(), stream.Shards.Count);
        Assert.Equal("ON_DEMAND", stream.Mode);
    }

    [Fact]
    public void Records_OfEveryShape_ComeBackByteForByteAsRecorded()
    {
        var kinesis = Service();
        kinesis.CreateStream("integrity", 1);
        var stream = kinesis.Stream("integrity", null);
        byte[][] payloads = [[], Encoding.UTF8.GetBytes(new string('a', 1000)), "test"u8.ToArray(), Encoding.UTF8.GetBytes("ünicödé 统一码 💣💻🔥")];
        foreach (var data in payloads)
        {
            kinesis.PutRecord(stream, new KinesisPutEntry(data, "1", null));
        }

        var records = kinesis.GetRecords(kinesis.GetShardIterator(stream, "shardId-000000000000", "TRIM_HORIZON", null, null), null).Records;

        var recorded = RecordedSnapshots.Test(s_snapshot, "test_record_lifecycle_data_integrity").GetProperty("Records");
        Assert.Equal(recorded.GetArrayLength(), records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            Assert.Equal(PythonBytes(recorded[i].GetProperty("Data").GetString()!), records[i].Data);
            Assert.Equal(recorded[i].GetProperty("PartitionKey").GetString(), records[i].PartitionKey);
        }
    }

    /// <summary>Decodes the recording's Python <c>b'...'</c> notation (printable ASCII and <c>\xNN</c> escapes).</summary>
    private static byte[] PythonBytes(string literal)
    {
        var text = literal[2..^1];
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && text[i + 1] == 'x')
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 2, 2), 16));
                i += 3;
            }
            else if (text[i] == '\\')
            {
                bytes.Add((byte)text[++i]);
            }
            else
            {
                bytes.Add((byte)text[i]);
            }
        }
        return [.. bytes];
    }
}
