using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.S3;

/// <summary>Tag sets: the <c>x-amz-tagging</c> header form, the <c>Tagging</c> document, and S3's limits.</summary>
internal static class S3Tags
{
    public const int MaxObjectTags = 10;

    public const int MaxBucketTags = 50;

    public static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Parses <c>k1=v1&amp;k2=v2</c> (URL-encoded), as x-amz-tagging carries object tags.</summary>
    public static IReadOnlyDictionary<string, string> ParseHeader(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return Empty;
        }
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in header.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Decode(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Decode(pair[(eq + 1)..]);
            if (!tags.TryAdd(key, value))
            {
                throw new S3Exception("InvalidTag", "Cannot provide multiple Tags with the same key").With("TagKey", key);
            }
        }
        Validate(tags, MaxObjectTags, "Object tags cannot be greater than 10");
        return tags;
    }

    private static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));

    /// <summary>Parses a <c>Tagging</c> document (PutObjectTagging, PutBucketTagging).</summary>
    public static IReadOnlyDictionary<string, string> ParseDocument(ReadOnlySpan<byte> body, int max, string tooMany)
    {
        var root = S3Xml.Parse(body, "Tagging");
        var tagSet = root.Child("TagSet") ?? throw S3Errors.MalformedXml();
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in tagSet.Children("Tag"))
        {
            var key = tag.ChildValue("Key") ?? throw S3Errors.MalformedXml();
            var value = tag.ChildValue("Value") ?? throw S3Errors.MalformedXml();
            if (!tags.TryAdd(key, value))
            {
                throw new S3Exception("InvalidTag", "Cannot provide multiple Tags with the same key").With("TagKey", key);
            }
        }
        Validate(tags, max, tooMany);
        return tags;
    }

    private static void Validate(Dictionary<string, string> tags, int max, string tooMany)
    {
        if (tags.Count > max)
        {
            throw new S3Exception("BadRequest", tooMany);
        }
        foreach (var (key, value) in tags)
        {
            if (key.Length is 0 or > 128)
            {
                throw new S3Exception("InvalidTag", "The TagKey you have provided is invalid").With("TagKey", key);
            }
            if (value.Length > 256)
            {
                throw new S3Exception("InvalidTag", "The TagValue you have provided is invalid").With("TagKey", key).With("TagValue", value);
            }
            if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                throw new S3Exception("InvalidTag", "System tags cannot be added/updated by requester").With("TagKey", key);
            }
        }
    }

    /// <summary>The <c>Tagging</c> answer document.</summary>
    public static string Document(IReadOnlyDictionary<string, string> tags)
    {
        var sb = S3Xml.Start("Tagging").Append("<TagSet>");
        foreach (var (key, value) in tags)
        {
            sb.Append("<Tag>").Element("Key", key).Element("Value", value).Append("</Tag>");
        }
        sb.Append("</TagSet>");
        return S3Xml.End(sb, "Tagging");
    }
}
