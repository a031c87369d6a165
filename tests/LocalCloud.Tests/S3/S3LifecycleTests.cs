using System.Text;
using Microsoft.Extensions.Time.Testing;
using Sluice.LocalCloud.S3;

namespace Sluice.LocalCloud.Tests.S3;

/// <summary>Lifecycle expiration applied by the cloud's clock: due at the midnight after the days have passed, as S3 counts them.</summary>
public sealed class S3LifecycleTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(TestClock.Start);
    private readonly S3Service _s3;

    public S3LifecycleTests() => _s3 = new S3Service(new S3ServiceOptions { Clock = _clock });

    public void Dispose() => _s3.Dispose();

    private static string Lifecycle(params string[] rules) =>
        $"<LifecycleConfiguration xmlns=\"{S3Xml.Namespace}\">{string.Concat(rules)}</LifecycleConfiguration>";

    private Task PutAsync(string bucket, string key, string body) =>
        _s3.PutObjectAsync(bucket, key, Encoding.UTF8.GetBytes(body), "text/plain");

    private List<string> Keys(string bucket) => _s3.ListObjects(bucket, null, null, null, 1000).Entries.Select(e => e.Object!.Key).ToList();

    [Fact]
    public async Task ExpirationDays_UnversionedBucket_ObjectUnderThePrefixGoesAtTheMidnightAfterTheDays()
    {
        _s3.CreateBucket("archive", null, null);
        _s3.UpdateSettings("archive", s => s with
        {
            LifecycleXml = Lifecycle("<Rule><ID>expire</ID><Filter><Prefix>events/</Prefix></Filter><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>"),
        });
        await PutAsync("archive", "events/a", "a");
        await PutAsync("archive", "other/b", "b");

        // Written 2026-11-26 12:00: one day later is 11-27 12:00, rounded up to 11-28 00:00.
        _clock.Advance(new DateTimeOffset(2026, 11, 27, 23, 59, 0, TimeSpan.Zero) - _clock.GetUtcNow());
        var before = _s3.ApplyLifecycle();
        var keysBefore = Keys("archive");
        _clock.Advance(TimeSpan.FromMinutes(1));
        var at = _s3.ApplyLifecycle();

        Assert.Equal(0, before);
        Assert.Equal(["events/a", "other/b"], keysBefore);
        Assert.Equal(1, at);
        Assert.Equal(["other/b"], Keys("archive"));
    }

    [Fact]
    public async Task VersionedBucket_CurrentExpiresToAMarker_NoncurrentGoesAfterItsDays_ThenTheLoneMarker()
    {
        _s3.CreateBucket("versions", null, null);
        _s3.SetVersioning("versions", "Enabled");
        _s3.UpdateSettings("versions", s => s with
        {
            LifecycleXml = Lifecycle(
                "<Rule><ID>current</ID><Filter><Prefix></Prefix></Filter><Status>Enabled</Status><Expiration><Days>1</Days></Expiration>"
                + "<NoncurrentVersionExpiration><NoncurrentDays>2</NoncurrentDays></NoncurrentVersionExpiration></Rule>",
                "<Rule><ID>markers</ID><Filter><Prefix></Prefix></Filter><Status>Enabled</Status><Expiration><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration></Rule>",
                "<Rule><ID>off</ID><Filter><Prefix></Prefix></Filter><Status>Disabled</Status><Expiration><Days>0</Days></Expiration></Rule>"),
        });
        await PutAsync("versions", "k", "v1");

        _clock.Advance(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero) - _clock.GetUtcNow());
        _s3.ApplyLifecycle();
        var afterExpiry = _s3.ListObjectVersions("versions", null, null, null, null, 1000).Entries.Select(e => e.Object!.IsDeleteMarker).ToList();
        var current = Keys("versions");
        // Noncurrent since 11-28 00:00: two days later is 11-30 00:00.
        _clock.Advance(TimeSpan.FromDays(2) - TimeSpan.FromSeconds(1));
        _s3.ApplyLifecycle();
        var stillThere = _s3.ListObjectVersions("versions", null, null, null, null, 1000).Entries.Count;
        _clock.Advance(TimeSpan.FromSeconds(1));
        _s3.ApplyLifecycle();

        Assert.Equal([true, false], afterExpiry);
        Assert.Empty(current);
        Assert.Equal(2, stillThere);
        Assert.Empty(_s3.ListObjectVersions("versions", null, null, null, null, 1000).Entries);
    }

    [Theory]
    [InlineData("2026-01-15T10:30:00Z", 3, "2026-01-19T00:00:00Z")]
    [InlineData("2026-01-15T00:00:00Z", 1, "2026-01-16T00:00:00Z")]
    public void Due_DaysAddedThenRoundedUpToMidnightUtc(string start, int days, string due) =>
        Assert.Equal(DateTimeOffset.Parse(due, System.Globalization.CultureInfo.InvariantCulture), S3LifecycleRule.Due(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), days));
}
