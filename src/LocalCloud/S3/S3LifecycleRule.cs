using System.Globalization;
using System.Xml.Linq;

namespace Sluice.LocalCloud.S3;

/// <summary>
/// One enabled rule of a bucket's lifecycle configuration, as far as the local cloud applies it: its
/// filter (prefix, tags, object sizes) and its expiration actions.
/// </summary>
internal sealed record S3LifecycleRule
{
    public string Prefix { get; init; } = "";

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public long? SizeGreaterThan { get; init; }

    public long? SizeLessThan { get; init; }

    public int? ExpirationDays { get; init; }

    public DateTimeOffset? ExpirationDate { get; init; }

    public bool ExpiredObjectDeleteMarker { get; init; }

    public int? NoncurrentDays { get; init; }

    public int? NewerNoncurrentVersions { get; init; }

    public int? AbortAfterDays { get; init; }

    /// <summary>The enabled rules of a stored <c>LifecycleConfiguration</c> document (disabled ones do nothing).</summary>
    public static IReadOnlyList<S3LifecycleRule> Parse(string xml)
    {
        var rules = new List<S3LifecycleRule>();
        foreach (var rule in XElement.Parse(xml).Children("Rule"))
        {
            if (rule.ChildValue("Status") != "Enabled")
            {
                continue;
            }
            var filter = rule.Child("Filter");
            var conditions = filter?.Child("And") ?? filter;
            var expiration = rule.Child("Expiration");
            var noncurrent = rule.Child("NoncurrentVersionExpiration");
            rules.Add(new S3LifecycleRule
            {
                // The legacy form puts Prefix on the rule itself.
                Prefix = conditions?.ChildValue("Prefix") ?? rule.ChildValue("Prefix") ?? "",
                Tags = (conditions?.Children("Tag") ?? []).ToDictionary(t => t.ChildValue("Key") ?? "", t => t.ChildValue("Value") ?? "", StringComparer.Ordinal),
                SizeGreaterThan = Long(conditions?.ChildValue("ObjectSizeGreaterThan")),
                SizeLessThan = Long(conditions?.ChildValue("ObjectSizeLessThan")),
                ExpirationDays = Int(expiration?.ChildValue("Days")),
                ExpirationDate = expiration?.ChildValue("Date") is { } date && DateTimeOffset.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null,
                ExpiredObjectDeleteMarker = expiration?.ChildValue("ExpiredObjectDeleteMarker") == "true",
                NoncurrentDays = Int(noncurrent?.ChildValue("NoncurrentDays")),
                NewerNoncurrentVersions = Int(noncurrent?.ChildValue("NewerNoncurrentVersions")),
                AbortAfterDays = Int(rule.Child("AbortIncompleteMultipartUpload")?.ChildValue("DaysAfterInitiation")),
            });
        }
        return rules;
    }

    private static int? Int(string? text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static long? Long(string? text) => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>Whether the rule's filter takes a version of <paramref name="key"/> (delete markers have no tags or size).</summary>
    public bool Matches(string key, S3ObjectVersion version)
    {
        if (!key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        if (Tags.Any(t => !version.Tags.TryGetValue(t.Key, out var value) || value != t.Value))
        {
            return false;
        }
        return (SizeGreaterThan is not { } greater || version.Size > greater) && (SizeLessThan is not { } less || version.Size < less);
    }

    /// <summary>
    /// When an action of <paramref name="days"/> days falls due for something that started at
    /// <paramref name="start"/>: S3 adds the days and rounds up to the next midnight UTC.
    /// </summary>
    public static DateTimeOffset Due(DateTimeOffset start, int days)
    {
        var at = start.ToUniversalTime().AddDays(days);
        var midnight = new DateTimeOffset(at.Year, at.Month, at.Day, 0, 0, 0, TimeSpan.Zero);
        return midnight == at ? at : midnight.AddDays(1);
    }
}
