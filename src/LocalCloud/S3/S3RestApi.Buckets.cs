using System.Text;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.S3;

internal sealed partial class S3RestApi
{
    private async Task CreateBucketAsync(S3Call call)
    {
        var name = call.RequiredBucket;
        if (call.Header("x-amz-bucket-object-lock-enabled") is { } objectLock && objectLock.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            throw S3Errors.NotImplemented("Object Lock");
        }
        if (call.Header("x-amz-acl") is { } acl && acl is not ("private" or "bucket-owner-full-control"))
        {
            throw new S3Exception("InvalidBucketAclWithObjectOwnership", "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting");
        }
        var ownership = call.Header("x-amz-object-ownership");
        if (ownership is not null && ownership is not ("BucketOwnerEnforced" or "BucketOwnerPreferred" or "ObjectWriter"))
        {
            throw S3Errors.InvalidArgument("Invalid x-amz-object-ownership header", "x-amz-object-ownership", ownership);
        }
        string? location = null;
        IReadOnlyDictionary<string, string>? tags = null;
        var body = await ReadDocumentAsync(call).ConfigureAwait(false);
        if (body.Length > 0 && body.Any(b => !char.IsWhiteSpace((char)b)))
        {
            var root = S3Xml.Parse(body, "CreateBucketConfiguration");
            location = root.ChildValue("LocationConstraint");
            if (root.Child("Tags") is { } tagList)
            {
                var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var tag in tagList.Children("Tag"))
                {
                    parsed[tag.ChildValue("Key") ?? throw S3Errors.MalformedXml()] = tag.ChildValue("Value") ?? "";
                }
                tags = parsed;
            }
            if (root.Child("Location") is not null || root.Child("Bucket") is not null)
            {
                throw S3Errors.InvalidRequest("Directory bucket configuration (Location, Bucket) is not supported: this S3 serves general purpose buckets.");
            }
        }
        s3.CreateBucket(name, call.SignedRegion, location, tags);
        if (ownership is not null)
        {
            s3.UpdateSettings(name, s => s with { OwnershipControlsXml = OwnershipDocument(ownership) });
        }
        call.Response.Headers.Location = "/" + name;
        await EmptyAsync(call).ConfigureAwait(false);
    }

    private static string OwnershipDocument(string ownership) =>
        "<OwnershipControls xmlns=\"" + S3Xml.Namespace + "\"><Rule><ObjectOwnership>" + ownership + "</ObjectOwnership></Rule></OwnershipControls>";

    private Task HeadBucketAsync(S3Call call)
    {
        var bucket = s3.Bucket(call.RequiredBucket);
        call.Response.Headers["x-amz-bucket-region"] = bucket.Region;
        call.Response.Headers["x-amz-access-point-alias"] = "false";
        return EmptyAsync(call);
    }

    private Task DeleteBucketAsync(S3Call call)
    {
        s3.DeleteBucket(call.RequiredBucket);
        return EmptyAsync(call, 204);
    }

    private Task GetBucketLocationAsync(S3Call call)
    {
        var bucket = s3.Bucket(call.RequiredBucket);
        // us-east-1 is the empty constraint, as AWS answers.
        var xml = bucket.Region == "us-east-1"
            ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint xmlns=\"" + S3Xml.Namespace + "\"/>"
            : "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint xmlns=\"" + S3Xml.Namespace + "\">" + bucket.Region + "</LocationConstraint>";
        return XmlAsync(call, xml);
    }

    private Task GetBucketVersioningAsync(S3Call call)
    {
        var bucket = s3.Bucket(call.RequiredBucket);
        var sb = S3Xml.Start("VersioningConfiguration");
        if (bucket.Settings.Versioning is { } status)
        {
            sb.Element("Status", status);
        }
        return XmlAsync(call, S3Xml.End(sb, "VersioningConfiguration"));
    }

    private async Task PutBucketVersioningAsync(S3Call call)
    {
        var name = call.RequiredBucket;
        s3.Bucket(name);
        var root = S3Xml.Parse(await ReadDocumentAsync(call).ConfigureAwait(false), "VersioningConfiguration");
        if (root.ChildValue("MfaDelete") == "Enabled")
        {
            throw S3Errors.NotImplemented("MFA delete");
        }
        var status = root.ChildValue("Status");
        if (status is null)
        {
            // A document without Status leaves versioning as it is.
            await EmptyAsync(call).ConfigureAwait(false);
            return;
        }
        if (status is not ("Enabled" or "Suspended"))
        {
            throw new S3Exception("IllegalVersioningConfigurationException", "The Versioning element must be specified");
        }
        s3.SetVersioning(name, status);
        await EmptyAsync(call).ConfigureAwait(false);
    }

    private Task GetBucketTaggingAsync(S3Call call)
    {
        var bucket = s3.Bucket(call.RequiredBucket);
        if (bucket.Settings.Tags is not { Count: > 0 } tags)
        {
            throw new S3Exception("NoSuchTagSet", "The TagSet does not exist", 404).With("BucketName", bucket.Name);
        }
        return XmlAsync(call, S3Tags.Document(tags));
    }

    private async Task PutBucketTaggingAsync(S3Call call)
    {
        var name = call.RequiredBucket;
        s3.Bucket(name);
        var tags = S3Tags.ParseDocument(await ReadDocumentAsync(call).ConfigureAwait(false), S3Tags.MaxBucketTags, "Bucket tag count cannot be greater than 50");
        s3.UpdateSettings(name, s => s with { Tags = tags.Count > 0 ? tags : null });
        await EmptyAsync(call, 204).ConfigureAwait(false);
    }

    private Task DeleteSettingAsync(S3Call call, Func<S3BucketSettings, S3BucketSettings> change)
    {
        s3.UpdateSettings(call.RequiredBucket, change);
        return EmptyAsync(call, 204);
    }

    /// <summary>The stored configuration documents: encryption, lifecycle, CORS, public access block, ownership controls.</summary>
    private Task GetConfigurationAsync(S3Call call, string which)
    {
        var bucket = s3.Bucket(call.RequiredBucket);
        var settings = bucket.Settings;
        var xml = which switch
        {
            "encryption" => settings.EncryptionXml ?? S3Xml.DefaultEncryption,
            "lifecycle" => settings.LifecycleXml ?? throw new S3Exception("NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist", 404).With("BucketName", bucket.Name),
            "cors" => settings.CorsXml ?? throw new S3Exception("NoSuchCORSConfiguration", "The CORS configuration does not exist", 404).With("BucketName", bucket.Name),
            "publicAccessBlock" => settings.PublicAccessBlockXml ?? throw new S3Exception("NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found", 404).With("BucketName", bucket.Name),
            _ => settings.OwnershipControlsXml ?? throw new S3Exception("OwnershipControlsNotFoundError", "The bucket ownership controls were not found", 404).With("BucketName", bucket.Name),
        };
        return XmlAsync(call, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + xml);
    }

    private async Task PutConfigurationAsync(S3Call call, string which)
    {
        var name = call.RequiredBucket;
        s3.Bucket(name);
        var body = await ReadDocumentAsync(call).ConfigureAwait(false);
        switch (which)
        {
            case "encryption":
                var encryption = S3Xml.Parse(body, "ServerSideEncryptionConfiguration");
                var rule = encryption.Child("Rule")?.Child("ApplyServerSideEncryptionByDefault") ?? throw S3Errors.MalformedXml();
                if (rule.ChildValue("SSEAlgorithm") is not ("AES256" or "aws:kms" or "aws:kms:dsse"))
                {
                    throw S3Errors.MalformedXml();
                }
                s3.UpdateSettings(name, s => s with { EncryptionXml = S3Xml.Normalize(encryption) });
                await EmptyAsync(call).ConfigureAwait(false);
                return;
            case "lifecycle":
                var lifecycle = S3Xml.Parse(body, "LifecycleConfiguration");
                var rules = lifecycle.Children("Rule").ToList();
                if (rules.Count is 0 or > 1000 || rules.Any(r => r.ChildValue("Status") is not ("Enabled" or "Disabled")))
                {
                    throw S3Errors.MalformedXml();
                }
                var ids = rules.Select(r => r.ChildValue("ID")).Where(id => id is not null).ToList();
                if (ids.Count != ids.Distinct(StringComparer.Ordinal).Count())
                {
                    throw S3Errors.InvalidArgument("Rule ID must be unique. Found same ID for more than one rule", "ID", ids.GroupBy(i => i).First(g => g.Count() > 1).Key);
                }
                s3.UpdateSettings(name, s => s with { LifecycleXml = S3Xml.Normalize(lifecycle) });
                await EmptyAsync(call).ConfigureAwait(false);
                return;
            case "cors":
                var cors = S3Xml.Parse(body, "CORSConfiguration");
                var corsRules = cors.Children("CORSRule").ToList();
                if (corsRules.Count is 0 or > 100 || corsRules.Any(r => r.Child("AllowedMethod") is null || r.Child("AllowedOrigin") is null))
                {
                    throw S3Errors.MalformedXml();
                }
                s3.UpdateSettings(name, s => s with { CorsXml = S3Xml.Normalize(cors) });
                await EmptyAsync(call).ConfigureAwait(false);
                return;
            case "publicAccessBlock":
                var block = S3Xml.Parse(body, "PublicAccessBlockConfiguration");
                if (block.Elements().Any(e => e.Value is not ("true" or "false")))
                {
                    throw S3Errors.MalformedXml();
                }
                s3.UpdateSettings(name, s => s with { PublicAccessBlockXml = S3Xml.Normalize(block) });
                await EmptyAsync(call).ConfigureAwait(false);
                return;
            default:
                var controls = S3Xml.Parse(body, "OwnershipControls");
                if (controls.Child("Rule")?.ChildValue("ObjectOwnership") is not ("BucketOwnerEnforced" or "BucketOwnerPreferred" or "ObjectWriter"))
                {
                    throw S3Errors.MalformedXml();
                }
                s3.UpdateSettings(name, s => s with { OwnershipControlsXml = S3Xml.Normalize(controls) });
                await EmptyAsync(call).ConfigureAwait(false);
                return;
        }
    }

    private async Task GetBucketPolicyAsync(S3Call call)
    {
        var bucket = s3.Bucket(call.RequiredBucket);
        var policy = bucket.Settings.Policy ?? throw new S3Exception("NoSuchBucketPolicy", "The bucket policy does not exist", 404).With("BucketName", bucket.Name);
        var bytes = Encoding.UTF8.GetBytes(policy);
        call.Response.StatusCode = 200;
        call.Response.ContentType = "application/json";
        call.Response.ContentLength = bytes.Length;
        await call.Response.Body.WriteAsync(bytes, call.Aborted).ConfigureAwait(false);
    }

    private async Task PutBucketPolicyAsync(S3Call call)
    {
        var name = call.RequiredBucket;
        s3.Bucket(name);
        var body = await ReadDocumentAsync(call).ConfigureAwait(false);
        s3.SetPolicy(name, Encoding.UTF8.GetString(body));
        await EmptyAsync(call, 204).ConfigureAwait(false);
    }

    /// <summary>GetBucketAcl / GetObjectAcl: buckets are BucketOwnerEnforced, so the owner has full control.</summary>
    private Task GetAclAsync(S3Call call)
    {
        var bucket = s3.Bucket(call.RequiredBucket);
        if (call.Key is { } key)
        {
            s3.HeadObject(bucket.Name, key, call.Query("versionId"));
        }
        var id = S3Xml.CanonicalId(s3.Options.AccountId);
        var sb = S3Xml.Start("AccessControlPolicy").Owner(s3.Options.AccountId);
        sb.Append("<AccessControlList><Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\"><ID>")
            .Append(id).Append("</ID><DisplayName>local</DisplayName></Grantee><Permission>FULL_CONTROL</Permission></Grant></AccessControlList>");
        return XmlAsync(call, S3Xml.End(sb, "AccessControlPolicy"));
    }

    /// <summary>Event notifications are not delivered, so no bucket has a configuration: the empty one.</summary>
    private Task GetBucketNotificationAsync(S3Call call)
    {
        s3.Bucket(call.RequiredBucket);
        return XmlAsync(call, S3Xml.End(S3Xml.Start("NotificationConfiguration"), "NotificationConfiguration"));
    }
}
