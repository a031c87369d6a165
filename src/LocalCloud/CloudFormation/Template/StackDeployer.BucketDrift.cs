using System.Text.Json.Nodes;
using System.Xml.Linq;
using Sluice.LocalCloud.S3;

namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>A bucket's live settings in <c>AWS::S3::Bucket</c>'s terms (drift detection).</summary>
internal sealed partial class StackDeployer
{
    /// <summary>
    /// Versioning, encryption, lifecycle rules, the public access block and tags, as the local S3 keeps
    /// them. A setting whose stored document is the one the template's value makes reads back as the
    /// template's value; one changed since is read from the document.
    /// </summary>
    private JsonObject? LiveBucket(DeployedResource resource)
    {
        var s3 = _targets.S3 ?? throw new NotSupportedException(resource.Type);
        if (!s3.BucketExists(resource.PhysicalId))
        {
            return null;
        }
        var settings = s3.Bucket(resource.PhysicalId).Settings;
        var expected = resource.Properties ?? [];
        var where = resource.LogicalId + ".Properties";
        var live = new JsonObject
        {
            ["BucketName"] = resource.PhysicalId,
            ["Tags"] = SortedTags(new JsonArray([.. (settings.Tags ?? new Dictionary<string, string>())
                .Where(t => !t.Key.StartsWith("aws:", StringComparison.Ordinal))
                .Select(t => (JsonNode?)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })])),
            ["BucketEncryption"] = Setting(expected, "BucketEncryption", settings.EncryptionXml ?? S3Xml.DefaultEncryption,
                e => EncryptionXml(e, where + ".BucketEncryption"), EncryptionOf),
            ["LifecycleConfiguration"] = Setting(expected, "LifecycleConfiguration", settings.LifecycleXml,
                l => LifecycleXml(l, where + ".LifecycleConfiguration"), LifecycleOf),
            ["PublicAccessBlockConfiguration"] = Setting(expected, "PublicAccessBlockConfiguration", settings.PublicAccessBlockXml,
                p => PublicAccessXml(p, where + ".PublicAccessBlockConfiguration"), PublicAccessOf),
        };
        if (settings.Versioning is { } versioning)
        {
            live["VersioningConfiguration"] = new JsonObject { ["Status"] = versioning };
        }
        return live;
    }

    /// <summary>The template's value when <paramref name="stored"/> is the document it makes; otherwise the document read back (null when there is none).</summary>
    private static JsonNode? Setting(JsonObject expected, string name, string? stored, Func<JsonObject, string> document, Func<XElement, JsonNode> read)
    {
        if (stored is null)
        {
            return null;
        }
        var live = XElement.Parse(stored);
        if (expected[name] is JsonObject given)
        {
            try
            {
                if (XNode.DeepEquals(XElement.Parse(S3Xml.Normalize(XElement.Parse(document(given)))), XElement.Parse(S3Xml.Normalize(live))))
                {
                    return given.DeepClone();
                }
            }
            catch (TemplateException)
            {
                // A value the template can no longer make is compared as read.
            }
        }
        return read(live);
    }

    /// <summary>Tags in key order: CloudFormation compares a bucket's tags as a set.</summary>
    private static JsonArray SortedTags(JsonArray tags) =>
        new([.. tags.OfType<JsonObject>().OrderBy(t => t["Key"]?.ToString(), StringComparer.Ordinal).Select(t => (JsonNode?)t.DeepClone())]);

    private static JsonNode EncryptionOf(XElement root) => new JsonObject
    {
        ["ServerSideEncryptionConfiguration"] = new JsonArray([.. root.Elements().Where(e => e.Name.LocalName == "Rule").Select(rule =>
        {
            var byDefault = new JsonObject();
            if (rule.Child("ApplyServerSideEncryptionByDefault") is { } d)
            {
                byDefault["SSEAlgorithm"] = d.ChildValue("SSEAlgorithm");
                if (d.ChildValue("KMSMasterKeyID") is { } key)
                {
                    byDefault["KMSMasterKeyID"] = key;
                }
            }
            return (JsonNode?)new JsonObject
            {
                ["ServerSideEncryptionByDefault"] = byDefault,
                ["BucketKeyEnabled"] = rule.ChildValue("BucketKeyEnabled") == "true",
            };
        })]),
    };

    private static JsonNode PublicAccessOf(XElement root)
    {
        var block = new JsonObject();
        foreach (var flag in (string[])["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"])
        {
            block[flag] = root.ChildValue(flag) == "true";
        }
        return block;
    }

    /// <summary>The rules' id, status, prefix, expiration, noncurrent expiration, transitions and multipart abort, in CloudFormation's names.</summary>
    private static JsonNode LifecycleOf(XElement root) => new JsonObject
    {
        ["Rules"] = new JsonArray([.. root.Elements().Where(e => e.Name.LocalName == "Rule").Select(rule =>
        {
            var r = new JsonObject();
            if (rule.ChildValue("ID") is { } id)
            {
                r["Id"] = id;
            }
            if ((rule.Child("Filter")?.ChildValue("Prefix") ?? rule.ChildValue("Prefix")) is { Length: > 0 } prefix)
            {
                r["Prefix"] = prefix;
            }
            r["Status"] = rule.ChildValue("Status");
            if (rule.Child("Expiration")?.ChildValue("Days") is { } days)
            {
                r["ExpirationInDays"] = int.Parse(days, System.Globalization.CultureInfo.InvariantCulture);
            }
            if (rule.Child("NoncurrentVersionExpiration")?.ChildValue("NoncurrentDays") is { } noncurrent)
            {
                r["NoncurrentVersionExpirationInDays"] = int.Parse(noncurrent, System.Globalization.CultureInfo.InvariantCulture);
            }
            if (rule.Child("AbortIncompleteMultipartUpload")?.ChildValue("DaysAfterInitiation") is { } abort)
            {
                r["AbortIncompleteMultipartUpload"] = new JsonObject { ["DaysAfterInitiation"] = int.Parse(abort, System.Globalization.CultureInfo.InvariantCulture) };
            }
            var transitions = rule.Elements().Where(e => e.Name.LocalName == "Transition").Select(t =>
            {
                var transition = new JsonObject { ["StorageClass"] = t.ChildValue("StorageClass") };
                if (t.ChildValue("Days") is { } d)
                {
                    transition["TransitionInDays"] = int.Parse(d, System.Globalization.CultureInfo.InvariantCulture);
                }
                return (JsonNode?)transition;
            }).ToList();
            if (transitions.Count > 0)
            {
                r["Transitions"] = new JsonArray([.. transitions]);
            }
            return (JsonNode?)r;
        })]),
    };
}
