using Microsoft.Data.Sqlite;
using Sluice.LocalCloud.S3;

namespace Sluice.LocalCloud.Persistence;

/// <summary>
/// S3: buckets with their settings, every object version and delete marker, uploads in progress and
/// their parts. Bodies are files beside the store (<see cref="S3BlobStore"/>); a row names its file.
/// </summary>
internal sealed partial class DurableStore
{
    public void SaveBucket(S3Bucket bucket, S3BucketSettings settings) => Write((connection, transaction) =>
    {
        using var command = Command(connection, transaction,
            "INSERT INTO s3_bucket VALUES($name, $region, $created, $settings) ON CONFLICT(name) DO UPDATE SET settings = excluded.settings");
        command.Parameters.AddWithValue("$name", bucket.Name);
        command.Parameters.AddWithValue("$region", bucket.Region);
        command.Parameters.AddWithValue("$created", bucket.Created.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$settings", S3Codec.Settings(settings));
        command.ExecuteNonQuery();
    });

    public void DeleteBucket(string name) => Write((connection, transaction) =>
    {
        foreach (var table in (string[])["s3_bucket", "s3_version", "s3_upload", "s3_part"])
        {
            using var command = Command(connection, transaction, $"DELETE FROM {table} WHERE {(table == "s3_bucket" ? "name" : "bucket")} = $name");
            command.Parameters.AddWithValue("$name", name);
            command.ExecuteNonQuery();
        }
    });

    /// <summary>
    /// One change to a key's versions, as one commit: versions removed, versions whose tags changed,
    /// new versions (given oldest first, so the newest gets the largest rowid), and the upload a
    /// CompleteMultipartUpload finished (its row and parts go in the same commit).
    /// </summary>
    public void SaveKeyChange(string bucket, string key, IReadOnlyList<string> removed, IReadOnlyList<S3ObjectVersion> retagged, IReadOnlyList<S3ObjectVersion> added, string? completedUpload) =>
        Write((connection, transaction) =>
        {
            foreach (var versionId in removed)
            {
                using var delete = Command(connection, transaction, "DELETE FROM s3_version WHERE bucket = $bucket AND key = $key AND version_id = $version");
                delete.Parameters.AddWithValue("$bucket", bucket);
                delete.Parameters.AddWithValue("$key", key);
                delete.Parameters.AddWithValue("$version", versionId);
                delete.ExecuteNonQuery();
            }
            foreach (var version in retagged)
            {
                using var update = Command(connection, transaction, "UPDATE s3_version SET record = $record WHERE bucket = $bucket AND key = $key AND version_id = $version");
                update.Parameters.AddWithValue("$bucket", bucket);
                update.Parameters.AddWithValue("$key", key);
                update.Parameters.AddWithValue("$version", version.VersionId);
                update.Parameters.AddWithValue("$record", S3Codec.Version(version));
                update.ExecuteNonQuery();
            }
            foreach (var version in added)
            {
                using var insert = Command(connection, transaction, "INSERT INTO s3_version(bucket, key, version_id, record) VALUES($bucket, $key, $version, $record)");
                insert.Parameters.AddWithValue("$bucket", bucket);
                insert.Parameters.AddWithValue("$key", key);
                insert.Parameters.AddWithValue("$version", version.VersionId);
                insert.Parameters.AddWithValue("$record", S3Codec.Version(version));
                insert.ExecuteNonQuery();
            }
            if (completedUpload is not null)
            {
                DeleteUpload(connection, transaction, bucket, completedUpload);
            }
        });

    public void SaveUpload(string bucket, S3MultipartUpload upload) => Write((connection, transaction) =>
    {
        using var command = Command(connection, transaction, "INSERT INTO s3_upload VALUES($bucket, $id, $record)");
        command.Parameters.AddWithValue("$bucket", bucket);
        command.Parameters.AddWithValue("$id", upload.UploadId);
        command.Parameters.AddWithValue("$record", S3Codec.Upload(upload));
        command.ExecuteNonQuery();
    });

    /// <summary>A received part; a part uploaded again under the same number replaces the row.</summary>
    public void SavePart(string bucket, string uploadId, S3UploadedPart part) => Write((connection, transaction) =>
    {
        using var command = Command(connection, transaction, "INSERT OR REPLACE INTO s3_part VALUES($bucket, $id, $number, $record)");
        command.Parameters.AddWithValue("$bucket", bucket);
        command.Parameters.AddWithValue("$id", uploadId);
        command.Parameters.AddWithValue("$number", part.PartNumber);
        command.Parameters.AddWithValue("$record", S3Codec.Part(part));
        command.ExecuteNonQuery();
    });

    /// <summary>An aborted (or lifecycle-aborted) upload with its parts.</summary>
    public void DeleteUpload(string bucket, string uploadId) => Write((connection, transaction) => DeleteUpload(connection, transaction, bucket, uploadId));

    private static void DeleteUpload(SqliteConnection connection, SqliteTransaction transaction, string bucket, string uploadId)
    {
        foreach (var table in (string[])["s3_upload", "s3_part"])
        {
            using var command = Command(connection, transaction, $"DELETE FROM {table} WHERE bucket = $bucket AND upload_id = $id");
            command.Parameters.AddWithValue("$bucket", bucket);
            command.Parameters.AddWithValue("$id", uploadId);
            command.ExecuteNonQuery();
        }
    }

    public StoredS3 LoadS3() => Read(connection =>
    {
        var buckets = new List<StoredBucket>();
        using (var command = Command(connection, null, "SELECT name, region, created_ms, settings FROM s3_bucket ORDER BY name"))
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                buckets.Add(new StoredBucket(reader.GetString(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), S3Codec.Settings((byte[])reader.GetValue(3))));
            }
        }
        // Newest first within each key, as the service keeps them.
        var versions = new List<(string Bucket, S3ObjectVersion Version)>();
        using (var command = Command(connection, null, "SELECT bucket, record FROM s3_version ORDER BY rowid DESC"))
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                versions.Add((reader.GetString(0), S3Codec.Version((byte[])reader.GetValue(1))));
            }
        }
        var uploads = new List<(string Bucket, S3MultipartUpload Upload)>();
        using (var command = Command(connection, null, "SELECT bucket, record FROM s3_upload"))
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                uploads.Add((reader.GetString(0), S3Codec.Upload((byte[])reader.GetValue(1))));
            }
        }
        var parts = new List<(string Bucket, string UploadId, S3UploadedPart Part)>();
        using (var command = Command(connection, null, "SELECT bucket, upload_id, record FROM s3_part"))
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                parts.Add((reader.GetString(0), reader.GetString(1), S3Codec.Part((byte[])reader.GetValue(2))));
            }
        }
        return new StoredS3(buckets, versions, uploads, parts);
    });

    internal sealed record StoredS3(List<StoredBucket> Buckets, List<(string Bucket, S3ObjectVersion Version)> Versions, List<(string Bucket, S3MultipartUpload Upload)> Uploads,
        List<(string Bucket, string UploadId, S3UploadedPart Part)> Parts);

    internal sealed record StoredBucket(string Name, string Region, DateTimeOffset Created, S3BucketSettings Settings);
}
