using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Sluice.LocalCloud.S3;

namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>Code and definitions that `package` uploaded: read from the local S3.</summary>
internal sealed partial class StackDeployer
{
    /// <summary>An S3 location as SAM writes it: <c>s3://bucket/key</c>, or a mapping with Bucket, Key and Version.</summary>
    private static (string Bucket, string Key, string? Version)? S3Location(JsonNode? node, string where) => node switch
    {
        JsonObject o => (TemplateValues.OptionalText(o, "Bucket", where) ?? throw new TemplateException($"{where}.Bucket is required"),
            TemplateValues.OptionalText(o, "Key", where) ?? throw new TemplateException($"{where}.Key is required"),
            TemplateValues.OptionalText(o, "Version", where)),
        JsonValue v when v.TryGetValue<string>(out var text) && text.StartsWith("s3://", StringComparison.Ordinal) && text.IndexOf('/', 5) is var slash and > 5
            => (text[5..slash], text[(slash + 1)..], null),
        _ => null,
    };

    private byte[] ReadObject((string Bucket, string Key, string? Version) location, string where)
    {
        var s3 = _targets.S3 ?? throw new TemplateException($"{where}: s3://{location.Bucket}/{location.Key} needs the local S3, which this host does not have");
        try
        {
            using var read = s3.OpenObject(location.Bucket, location.Key, location.Version);
            using var buffer = new MemoryStream();
            read.Body.CopyTo(buffer);
            return buffer.ToArray();
        }
        catch (S3Exception e)
        {
            throw new TemplateException($"{where}: s3://{location.Bucket}/{location.Key} could not be read: {e.Message}");
        }
    }

    private string ReadText((string Bucket, string Key, string? Version) location, string where) => Encoding.UTF8.GetString(ReadObject(location, where));

    /// <summary>
    /// A zip that `package` uploaded, unpacked once per content into a folder of its own: a build's
    /// artifact folder (with its <c>bootstrap</c>) runs as it is.
    /// </summary>
    private string Unpacked((string Bucket, string Key, string? Version) location, string where)
    {
        var zip = ReadObject(location, where);
        var folder = Path.Combine(_targets.CodeDirectory, Convert.ToHexStringLower(SHA256.HashData(zip))[..32]);
        if (Directory.Exists(folder))
        {
            return folder;
        }
        var staging = folder + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            using (var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read))
            {
                archive.ExtractToDirectory(staging);
            }
            var bootstrap = Path.Combine(staging, "bootstrap");
            if (File.Exists(bootstrap) && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(bootstrap, File.GetUnixFileMode(bootstrap) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }
            Directory.Move(staging, folder);
        }
        catch (InvalidDataException e)
        {
            throw new TemplateException($"{where}: s3://{location.Bucket}/{location.Key} is not a zip: {e.Message}");
        }
        catch (IOException) when (Directory.Exists(folder))
        {
            // Another deployment unpacked the same code first.
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
        return folder;
    }
}
