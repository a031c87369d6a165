using System.Text;
using Sluice.Cli.History;
using Sluice.Cli.Tests.Support;
using Sluice.LocalCloud.Hosting;
using Sluice.Shared.Aws;
using Sluice.Shared.Aws.S3;

namespace Sluice.Cli.Tests.History;

/// <summary>The archive Firehose writes, read back through the SigV4 S3 client from the local cloud's S3.</summary>
public sealed class ArchiveReaderTests
{
    private static string Event(string id, string order, string type = "order.placed") =>
        $$$"""{"specversion":"1.0","id":"{{{id}}}","source":"test","type":"{{{type}}}","subject":"{{{order}}}","data":{"orderId":"{{{order}}}"}}""";

    private static byte[] Gzip(string text) => AwsTestClients.Gzip(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task ReadAsync_GzippedConcatenatedRecordsAcrossHours_TheOrdersEventsInObjectOrderAndTheBadDocumentReported()
    {
        await using var host = LocalCloudHost.Create(new LocalCloudOptions { Port = 0 });
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        using var http = new HttpClient();
        await AwsTestClients.S3PutAsync(host.Endpoint, "archive");
        // Firehose concatenates records with no delimiter; the second object has a newline-separated one and a broken tail.
        await AwsTestClients.S3PutAsync(host.Endpoint, "archive", "events/2026/12/04/07/hose-1-2026-12-04-07-59-58-a.gz",
            Gzip(Event("e1", "o-1") + Event("e2", "o-2") + Event("e3", "o-1", "order.confirmed")));
        await AwsTestClients.S3PutAsync(host.Endpoint, "archive", "events/2026/12/04/08/hose-1-2026-12-04-08-10-00-b.gz",
            Gzip(Event("e4", "o-1", "order.rejected") + "\n" + """{"specversion":"1.0"}""" + "{\"broken\":"));
        await AwsTestClients.S3PutAsync(host.Endpoint, "archive", "events/2026/12/04/11/hose-1-2026-12-04-11-00-00-c.gz", Gzip(Event("e5", "o-1")));
        var options = new AwsClientOptions { Credentials = new AwsCredentials("test", "test"), Region = "us-east-1", EndpointUrl = new Uri(host.Endpoint) };
        var s3 = new S3Client(options, http);

        var listed = await s3.ListObjectsV2Async("archive", "events/", maxKeys: 2);
        var next = await s3.ListObjectsV2Async("archive", "events/", continuationToken: listed.NextContinuationToken);
        var read = await ArchiveReader.ReadAsync(s3, "archive", "events/", "o-1",
            new DateTimeOffset(2026, 12, 4, 8, 5, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero), TestContext.Current.CancellationToken);
        var missing = await Assert.ThrowsAsync<AwsServiceException>(() => s3.GetObjectAsync("archive", "events/none"));

        Assert.Equal(2, listed.Objects.Count);
        Assert.NotNull(listed.NextContinuationToken);
        Assert.Equal("events/2026/12/04/11/hose-1-2026-12-04-11-00-00-c.gz", Assert.Single(next.Objects).Key);
        Assert.Null(next.NextContinuationToken);
        // 07:00 (the hour before 08:05) and 08:00 are read; 11:00 is outside the range.
        Assert.Equal(2, read.ObjectsRead);
        Assert.Equal(["e1", "e3", "e4"], read.Events.Select(e => e.Event.Id));
        Assert.Equal(2, read.Unreadable.Count);
        Assert.All(read.Unreadable, u => Assert.Equal("events/2026/12/04/08/hose-1-2026-12-04-08-10-00-b.gz", u.Key));
        Assert.StartsWith("not JSON", read.Unreadable[1].Problem, StringComparison.Ordinal);
        Assert.Equal("NoSuchKey", missing.ErrorCode);
    }

    [Fact]
    public void Split_ConcatenatedAndWhitespaceSeparatedDocuments_EachFound()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"a\":1}{\"b\":[1,2]}\n {\"c\":\"}{\"}");

        var (documents, problems) = ArchiveReader.Split(bytes);

        Assert.Empty(problems);
        Assert.Equal(["{\"a\":1}", "{\"b\":[1,2]}", "{\"c\":\"}{\"}"], documents.Select(d => Encoding.UTF8.GetString(bytes, d.Start, d.Length)));
    }

    [Fact]
    public void Split_NewlineDelimitedWithARecordThatIsNotJson_TheRecordsAfterItFound()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"a\":1}\n{\"specversion\":\n{\"b\":2}\nnot json at all\n{\"c\":3}\n");

        var (documents, problems) = ArchiveReader.Split(bytes);

        Assert.Equal(["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"], documents.Select(d => Encoding.UTF8.GetString(bytes, d.Start, d.Length)));
        Assert.Equal([8, 32], problems.Select(p => p.Start));
        Assert.All(problems, p => Assert.StartsWith("not JSON from byte", p.Problem, StringComparison.Ordinal));
    }
}
