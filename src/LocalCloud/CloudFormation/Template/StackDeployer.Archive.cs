using System.Text.Json.Nodes;
using System.Xml.Linq;
using Sluice.LocalCloud.Firehose;
using Sluice.LocalCloud.S3;

namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>S3 buckets (with their settings kept where S3's own API reads them) and Firehose delivery streams.</summary>
internal sealed partial class StackDeployer
{
    private S3Service S3Target(TemplateResource resource) =>
        _targets.S3 ?? throw new TemplateException($"{resource.Where}: {resource.Type} needs S3, which this host was composed without");

    private FirehoseService FirehoseTarget(TemplateResource resource) =>
        _targets.Firehose ?? throw new TemplateException($"{resource.Where}: {resource.Type} needs Firehose, which this host was composed without");

    private DeployedResource Bucket(TemplateResource resource, JsonObject properties, string where)
    {
        var s3 = S3Target(resource);
        // CloudFormation generates bucket names in lower case (S3 refuses capitals).
        var name = TemplateValues.OptionalText(properties, "BucketName", where)
            ?? PhysicalNames.Generate(Settings.StackName, resource.LogicalId, 63, generation: Generation).ToLowerInvariant();
        if (s3.BucketExists(name))
        {
            throw new TemplateException($"{where}: {name} already exists");
        }
        s3.CreateBucket(name, Settings.Region, Settings.Region == "us-east-1" ? null : Settings.Region, TemplateValues.Tags(properties, where));
        ApplyBucketSettings(s3, name, properties, where, creating: true);
        var region = Settings.Region;
        return Created(resource, name,
            ("Arn", $"arn:{Settings.Partition}:s3:::{name}"),
            ("DomainName", $"{name}.s3.amazonaws.com"),
            ("RegionalDomainName", $"{name}.s3.{region}.amazonaws.com"),
            ("DualStackDomainName", $"{name}.s3.dualstack.{region}.amazonaws.com"),
            ("WebsiteURL", $"http://{name}.s3-website-{region}.amazonaws.com"));
    }

    /// <summary>PutBucketPolicy on the bucket; the physical id is the bucket's name, as CloudFormation's.</summary>
    private DeployedResource BucketPolicy(TemplateResource resource, JsonObject properties, string where)
    {
        var bucket = TemplateValues.OptionalText(properties, "Bucket", where) ?? throw new TemplateException($"{where}: Bucket is required");
        PutPolicy(S3Target(resource), bucket, properties, where);
        return Created(resource, bucket);
    }

    private DeployedResource UpdateBucketPolicy(TemplateResource resource, DeployedResource current, JsonObject properties, string where)
    {
        PutPolicy(S3Target(resource), current.PhysicalId, properties, where);
        return current;
    }

    private static void PutPolicy(S3Service s3, string bucket, JsonObject properties, string where)
    {
        var policy = properties["PolicyDocument"] is { } document
            ? TemplateValues.JsonText(document, where + ".PolicyDocument")
            : throw new TemplateException($"{where}: PolicyDocument is required");
        try
        {
            s3.SetPolicy(bucket, policy);
        }
        catch (S3Exception e)
        {
            throw new TemplateException($"{e.Message} (Service: S3, Status Code: {e.Status}, Error Code: {e.Code})");
        }
    }

    /// <summary>DeleteBucketPolicy; a bucket already gone took its policy with it.</summary>
    private void DeleteBucketPolicy(DeployedResource resource)
    {
        if (_targets.S3 is { } s3 && s3.BucketExists(resource.PhysicalId))
        {
            s3.UpdateSettings(resource.PhysicalId, s => s with { Policy = null });
        }
    }

    private DeployedResource UpdateBucket(TemplateResource resource, DeployedResource current, JsonObject properties, string where)
    {
        var s3 = S3Target(resource);
        var tags = TemplateValues.Tags(properties, where);
        s3.UpdateSettings(current.PhysicalId, s => s with { Tags = tags.Count > 0 ? tags : null });
        ApplyBucketSettings(s3, current.PhysicalId, properties, where, creating: false);
        return current;
    }

    /// <summary>Encryption, lifecycle rules, versioning and the public access block, stored as the S3 API would store them.</summary>
    private static void ApplyBucketSettings(S3Service s3, string name, JsonObject properties, string where, bool creating)
    {
        var encryption = TemplateValues.OptionalObject(properties, "BucketEncryption", where) is { } e ? EncryptionXml(e, where + ".BucketEncryption") : null;
        var lifecycle = TemplateValues.OptionalObject(properties, "LifecycleConfiguration", where) is { } l ? LifecycleXml(l, where + ".LifecycleConfiguration") : null;
        var publicAccess = TemplateValues.OptionalObject(properties, "PublicAccessBlockConfiguration", where) is { } p
            ? PublicAccessXml(p, where + ".PublicAccessBlockConfiguration")
            : creating ? S3Xml.DefaultPublicAccessBlock : null;
        s3.UpdateSettings(name, s => s with { EncryptionXml = encryption, LifecycleXml = lifecycle, PublicAccessBlockXml = publicAccess });
        var versioning = TemplateValues.OptionalObject(properties, "VersioningConfiguration", where) is { } v
            ? TemplateValues.OptionalText(v, "Status", where + ".VersioningConfiguration") ?? throw new TemplateException($"{where}.VersioningConfiguration.Status is required")
            : null;
        if (versioning is not (null or "Enabled" or "Suspended"))
        {
            throw new TemplateException($"{where}.VersioningConfiguration.Status: expected Enabled or Suspended, found '{versioning}'");
        }
        if (versioning is not null)
        {
            s3.SetVersioning(name, versioning);
        }
        else if (!creating && s3.Bucket(name).Settings.Versioning == "Enabled")
        {
            // CloudFormation suspends versioning when the property is removed: a bucket cannot go back to unversioned.
            s3.SetVersioning(name, "Suspended");
        }
    }

    private static XElement X(string name, params object?[] content) => new(XName.Get(name, S3Xml.Namespace), content);

    private static string EncryptionXml(JsonObject encryption, string where)
    {
        var rules = encryption["ServerSideEncryptionConfiguration"] as JsonArray ?? throw new TemplateException($"{where}.ServerSideEncryptionConfiguration: expected a list of rules");
        var root = X("ServerSideEncryptionConfiguration");
        for (var i = 0; i < rules.Count; i++)
        {
            var at = $"{where}.ServerSideEncryptionConfiguration[{i}]";
            var rule = rules[i] as JsonObject ?? throw new TemplateException($"{at}: expected a mapping");
            var byDefault = TemplateValues.OptionalObject(rule, "ServerSideEncryptionByDefault", at);
            var algorithm = byDefault is null ? "AES256" : TemplateValues.OptionalText(byDefault, "SSEAlgorithm", at + ".ServerSideEncryptionByDefault") ?? "AES256";
            if (algorithm is not ("AES256" or "aws:kms" or "aws:kms:dsse"))
            {
                throw new TemplateException($"{at}.ServerSideEncryptionByDefault.SSEAlgorithm: expected AES256, aws:kms or aws:kms:dsse, found '{algorithm}'");
            }
            var key = byDefault is null ? null : TemplateValues.OptionalText(byDefault, "KMSMasterKeyID", at + ".ServerSideEncryptionByDefault");
            root.Add(X("Rule",
                X("ApplyServerSideEncryptionByDefault", X("SSEAlgorithm", algorithm), key is null ? null : X("KMSMasterKeyID", key)),
                X("BucketKeyEnabled", TemplateValues.OptionalBool(rule, "BucketKeyEnabled", at) == true ? "true" : "false")));
        }
        return root.ToString(SaveOptions.DisableFormatting);
    }

    private static string PublicAccessXml(JsonObject block, string where)
    {
        string Flag(string name) => TemplateValues.OptionalBool(block, name, where) == true ? "true" : "false";
        return X("PublicAccessBlockConfiguration",
            X("BlockPublicAcls", Flag("BlockPublicAcls")), X("IgnorePublicAcls", Flag("IgnorePublicAcls")),
            X("BlockPublicPolicy", Flag("BlockPublicPolicy")), X("RestrictPublicBuckets", Flag("RestrictPublicBuckets"))).ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>CloudFormation's lifecycle rules as the S3 API's <c>LifecycleConfiguration</c> document.</summary>
    private static string LifecycleXml(JsonObject lifecycle, string where)
    {
        var rules = lifecycle["Rules"] as JsonArray ?? throw new TemplateException($"{where}.Rules: expected a list of rules");
        if (rules.Count is 0 or > 1000)
        {
            throw new TemplateException($"{where}.Rules: expected 1 to 1000 rules");
        }
        var root = X("LifecycleConfiguration");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rules.Count; i++)
        {
            var at = $"{where}.Rules[{i}]";
            var rule = rules[i] as JsonObject ?? throw new TemplateException($"{at}: expected a mapping");
            var status = TemplateValues.OptionalText(rule, "Status", at);
            if (status is not ("Enabled" or "Disabled"))
            {
                throw new TemplateException($"{at}.Status: expected Enabled or Disabled, found '{status}'");
            }
            var id = TemplateValues.OptionalText(rule, "Id", at);
            if (id is not null && !ids.Add(id))
            {
                throw new TemplateException($"{at}.Id: Rule ID must be unique. Found same ID for more than one rule ({id})");
            }
            var element = X("Rule", id is null ? null : X("ID", id), Filter(rule, at), X("Status", status));
            var expiration = X("Expiration");
            if (TemplateValues.OptionalInt(rule, "ExpirationInDays", at) is { } days)
            {
                expiration.Add(X("Days", days));
            }
            if (TemplateValues.OptionalText(rule, "ExpirationDate", at) is { } date)
            {
                expiration.Add(X("Date", date));
            }
            if (TemplateValues.OptionalBool(rule, "ExpiredObjectDeleteMarker", at) is { } marker)
            {
                expiration.Add(X("ExpiredObjectDeleteMarker", marker ? "true" : "false"));
            }
            if (expiration.HasElements)
            {
                element.Add(expiration);
            }
            var transitions = new List<JsonObject>();
            if (TemplateValues.OptionalObject(rule, "Transition", at) is { } single)
            {
                transitions.Add(single);
            }
            transitions.AddRange((rule["Transitions"] as JsonArray ?? []).OfType<JsonObject>());
            foreach (var t in transitions)
            {
                element.Add(X("Transition",
                    TemplateValues.OptionalInt(t, "TransitionInDays", at) is { } d ? X("Days", d) : null,
                    TemplateValues.OptionalText(t, "TransitionDate", at) is { } td ? X("Date", td) : null,
                    X("StorageClass", TemplateValues.OptionalText(t, "StorageClass", at))));
            }
            var noncurrentDays = TemplateValues.OptionalInt(rule, "NoncurrentVersionExpirationInDays", at);
            var noncurrent = TemplateValues.OptionalObject(rule, "NoncurrentVersionExpiration", at);
            if (noncurrentDays is not null || noncurrent is not null)
            {
                element.Add(X("NoncurrentVersionExpiration",
                    X("NoncurrentDays", noncurrentDays ?? (noncurrent is null ? null : TemplateValues.OptionalInt(noncurrent, "NoncurrentDays", at))),
                    noncurrent is not null && TemplateValues.OptionalInt(noncurrent, "NewerNoncurrentVersions", at) is { } newer ? X("NewerNoncurrentVersions", newer) : null));
            }
            if (TemplateValues.OptionalObject(rule, "AbortIncompleteMultipartUpload", at) is { } abort)
            {
                element.Add(X("AbortIncompleteMultipartUpload", X("DaysAfterInitiation", TemplateValues.OptionalInt(abort, "DaysAfterInitiation", at))));
            }
            root.Add(element);
        }
        return root.ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>A rule's Filter: its prefix, tag filters and object sizes (several are joined with And, as S3 writes them).</summary>
    private static XElement Filter(JsonObject rule, string where)
    {
        var parts = new List<XElement>();
        if (TemplateValues.OptionalText(rule, "Prefix", where) is { } prefix)
        {
            parts.Add(X("Prefix", prefix));
        }
        foreach (var tag in (rule["TagFilters"] as JsonArray ?? []).OfType<JsonObject>())
        {
            parts.Add(X("Tag", X("Key", TemplateValues.OptionalText(tag, "Key", where)), X("Value", TemplateValues.OptionalText(tag, "Value", where))));
        }
        if (TemplateValues.OptionalText(rule, "ObjectSizeGreaterThan", where) is { } greater)
        {
            parts.Add(X("ObjectSizeGreaterThan", greater));
        }
        if (TemplateValues.OptionalText(rule, "ObjectSizeLessThan", where) is { } less)
        {
            parts.Add(X("ObjectSizeLessThan", less));
        }
        return parts.Count switch
        {
            0 => X("Filter", X("Prefix", "")),
            1 => X("Filter", parts[0]),
            _ => X("Filter", X("And", parts)),
        };
    }

    private DeployedResource DeliveryStream(TemplateResource resource, JsonObject properties, string where)
    {
        var firehose = FirehoseTarget(resource);
        var name = Name(resource, properties, "DeliveryStreamName", where, 64);
        var source = TemplateValues.OptionalObject(properties, "KinesisStreamSourceConfiguration", where);
        var stream = firehose.CreateDeliveryStream(new FirehoseStreamDefinition(name, FirehoseDestination(properties, where))
        {
            Type = TemplateValues.OptionalText(properties, "DeliveryStreamType", where) ?? "DirectPut",
            KinesisStreamArn = source is null ? null : TemplateValues.OptionalText(source, "KinesisStreamARN", where + ".KinesisStreamSourceConfiguration"),
            KinesisRoleArn = source is null ? null : TemplateValues.OptionalText(source, "RoleARN", where + ".KinesisStreamSourceConfiguration"),
            Tags = [.. TemplateValues.Tags(properties, where)],
        });
        // CloudFormation reports CREATE_COMPLETE once the stream is ACTIVE.
        firehose.Activate(stream.Name);
        return Created(resource, name, ("Arn", stream.Arn));
    }

    private DeployedResource UpdateDeliveryStream(TemplateResource resource, DeployedResource current, JsonObject previous, JsonObject properties, string where)
    {
        var firehose = FirehoseTarget(resource);
        var destination = FirehoseDestination(properties, where);
        if (!JsonNode.DeepEquals(previous["ExtendedS3DestinationConfiguration"], properties["ExtendedS3DestinationConfiguration"])
            || !JsonNode.DeepEquals(previous["S3DestinationConfiguration"], properties["S3DestinationConfiguration"]))
        {
            firehose.UpdateDestination(current.PhysicalId, destination);
        }
        if (!JsonNode.DeepEquals(previous["Tags"], properties["Tags"]))
        {
            var before = TemplateValues.Tags(previous, where);
            var after = TemplateValues.Tags(properties, where);
            if (before.Keys.Except(after.Keys).ToList() is { Count: > 0 } removed)
            {
                firehose.UntagDeliveryStream(current.PhysicalId, removed);
            }
            if (after.Count > 0)
            {
                firehose.TagDeliveryStream(current.PhysicalId, [.. after]);
            }
        }
        return current;
    }

    /// <summary>The S3 destination of a delivery stream's properties, with AWS's defaults.</summary>
    private static FirehoseS3Destination FirehoseDestination(JsonObject properties, string where)
    {
        var extended = TemplateValues.OptionalObject(properties, "ExtendedS3DestinationConfiguration", where);
        var plain = TemplateValues.OptionalObject(properties, "S3DestinationConfiguration", where);
        if ((extended is null) == (plain is null))
        {
            throw new TemplateException($"{where}: exactly one of ExtendedS3DestinationConfiguration and S3DestinationConfiguration is required (the local cloud delivers to S3 only)");
        }
        var d = extended ?? plain!;
        var at = where + (extended is not null ? ".ExtendedS3DestinationConfiguration" : ".S3DestinationConfiguration");
        if (extended is not null && TemplateValues.OptionalText(d, "CustomTimeZone", at) is { Length: > 0 } zone && zone != "UTC")
        {
            throw new TemplateException($"{at}.CustomTimeZone: {zone} is not served by the local cloud (prefixes and names are evaluated in UTC)");
        }
        if (extended is not null && TemplateValues.OptionalText(d, "S3BackupMode", at) == "Enabled")
        {
            throw new TemplateException($"{at}.S3BackupMode: Enabled is not served by the local cloud");
        }
        var hints = TemplateValues.OptionalObject(d, "BufferingHints", at);
        var encryption = TemplateValues.OptionalObject(d, "EncryptionConfiguration", at);
        var kms = encryption is null ? null : TemplateValues.OptionalObject(encryption, "KMSEncryptionConfig", at + ".EncryptionConfiguration");
        var logging = TemplateValues.OptionalObject(d, "CloudWatchLoggingOptions", at);
        var processing = extended is null ? null : TemplateValues.OptionalObject(d, "ProcessingConfiguration", at);
        var appendNewline = processing is not null && FirehoseS3Destination.AppendsNewline(
            TemplateValues.OptionalBool(processing, "Enabled", at + ".ProcessingConfiguration") ?? false,
            processing["Processors"] is System.Text.Json.Nodes.JsonArray processors
                ? [.. processors.OfType<JsonObject>().Select(x => (TemplateValues.OptionalText(x, "Type", at + ".ProcessingConfiguration.Processors") ?? throw new TemplateException($"{at}.ProcessingConfiguration.Processors: Type is required"),
                    x["Parameters"] is System.Text.Json.Nodes.JsonArray parameters ? parameters.Count : 0))]
                : [],
            reason => new TemplateException($"{at}.ProcessingConfiguration: {reason}"));
        return new FirehoseS3Destination
        {
            RoleArn = TemplateValues.OptionalText(d, "RoleARN", at) ?? throw new TemplateException($"{at}.RoleARN is required"),
            BucketArn = TemplateValues.OptionalText(d, "BucketARN", at) ?? throw new TemplateException($"{at}.BucketARN is required"),
            Prefix = TemplateValues.OptionalText(d, "Prefix", at),
            ErrorOutputPrefix = TemplateValues.OptionalText(d, "ErrorOutputPrefix", at),
            SizeInMBs = (hints is null ? null : TemplateValues.OptionalInt(hints, "SizeInMBs", at + ".BufferingHints")) ?? FirehoseS3Destination.DefaultSizeInMBs,
            IntervalInSeconds = (hints is null ? null : TemplateValues.OptionalInt(hints, "IntervalInSeconds", at + ".BufferingHints")) ?? FirehoseS3Destination.DefaultIntervalInSeconds,
            CompressionFormat = TemplateValues.OptionalText(d, "CompressionFormat", at) ?? "UNCOMPRESSED",
            KmsKeyArn = kms is null ? null : TemplateValues.OptionalText(kms, "AWSKMSKeyARN", at + ".EncryptionConfiguration.KMSEncryptionConfig")
                ?? throw new TemplateException($"{at}.EncryptionConfiguration.KMSEncryptionConfig.AWSKMSKeyARN is required"),
            FileExtension = extended is null ? null : TemplateValues.OptionalText(d, "FileExtension", at),
            LoggingEnabled = logging is not null && TemplateValues.OptionalBool(logging, "Enabled", at + ".CloudWatchLoggingOptions") == true,
            LogGroupName = logging is null ? null : TemplateValues.OptionalText(logging, "LogGroupName", at + ".CloudWatchLoggingOptions"),
            LogStreamName = logging is null ? null : TemplateValues.OptionalText(logging, "LogStreamName", at + ".CloudWatchLoggingOptions"),
            AppendNewline = appendNewline,
            Extended = extended is not null,
        };
    }

    /// <summary>DeleteBucket; a bucket that still holds objects fails the deletion as it does on AWS.</summary>
    private void DeleteBucket(DeployedResource resource)
    {
        if (_targets.S3 is not { } s3)
        {
            return;
        }
        try
        {
            s3.DeleteBucket(resource.PhysicalId);
        }
        catch (S3Exception e) when (e.Code == "NoSuchBucket")
        {
            // Deleted out of band: CloudFormation reports the deletion as complete.
        }
        catch (S3Exception e)
        {
            throw new TemplateException($"{e.Message} (Service: S3, Status Code: {e.Status}, Error Code: {e.Code})");
        }
    }
}
