using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Sluice.LocalCloud.Tests.Support;

namespace Sluice.LocalCloud.Tests.CloudFormation;

/// <summary>
/// A stream archived to S3 by Firehose, declared in a template and deployed with the AWS CLI's
/// `cloudformation deploy`: the bucket's settings as S3's API reads them back, records delivered as
/// objects, and DeleteStack refusing to delete a bucket that holds them unless it is retained.
/// </summary>
public sealed class ArchiveStackTests(LocalCloudFixture cloud) : IClassFixture<LocalCloudFixture>
{
    /// <summary>The template the project's archive follows (docs/local-cloud-cloudformation.md).</summary>
    private const string Template = """
        AWSTemplateFormatVersion: "2010-09-09"
        Resources:
          Events:
            Type: AWS::Kinesis::Stream
            Properties:
              ShardCount: 2
          ArchiveKey:
            Type: AWS::KMS::Key
          Archive:
            Type: AWS::S3::Bucket
            Properties:
              BucketEncryption:
                ServerSideEncryptionConfiguration:
                  - ServerSideEncryptionByDefault:
                      SSEAlgorithm: aws:kms
                      KMSMasterKeyID: !GetAtt ArchiveKey.Arn
                    BucketKeyEnabled: true
              VersioningConfiguration:
                Status: Enabled
              PublicAccessBlockConfiguration:
                BlockPublicAcls: true
                BlockPublicPolicy: true
                IgnorePublicAcls: true
                RestrictPublicBuckets: true
              LifecycleConfiguration:
                Rules:
                  - Id: expire-events
                    Status: Enabled
                    Prefix: events/
                    ExpirationInDays: 400
                    NoncurrentVersionExpiration:
                      NoncurrentDays: 30
              Tags:
                - Key: purpose
                  Value: event-archive
          ArchiveRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument:
                Version: "2012-10-17"
                Statement:
                  - Effect: Allow
                    Principal: { Service: firehose.amazonaws.com }
                    Action: sts:AssumeRole
          ArchiveDelivery:
            Type: AWS::KinesisFirehose::DeliveryStream
            Properties:
              DeliveryStreamType: KinesisStreamAsSource
              KinesisStreamSourceConfiguration:
                KinesisStreamARN: !GetAtt Events.Arn
                RoleARN: !GetAtt ArchiveRole.Arn
              ExtendedS3DestinationConfiguration:
                BucketARN: !GetAtt Archive.Arn
                RoleARN: !GetAtt ArchiveRole.Arn
                Prefix: "events/!{timestamp:yyyy/MM/dd/HH}/"
                ErrorOutputPrefix: "errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/"
                BufferingHints:
                  SizeInMBs: 5
                  IntervalInSeconds: 0
                CompressionFormat: GZIP
                EncryptionConfiguration:
                  KMSEncryptionConfig:
                    AWSKMSKeyARN: !GetAtt ArchiveKey.Arn
        Outputs:
          StreamName:
            Value: !Ref Events
          BucketName:
            Value: !Ref Archive
          BucketArn:
            Value: !GetAtt Archive.Arn
          BucketDomain:
            Value: !GetAtt Archive.RegionalDomainName
          DeliveryStreamName:
            Value: !Ref ArchiveDelivery
          DeliveryStreamArn:
            Value: !GetAtt ArchiveDelivery.Arn
          KeyArn:
            Value: !GetAtt ArchiveKey.Arn
        """;

    private readonly AwsCli _aws = new(cloud.Endpoint);

    private async Task<Dictionary<string, string>> DeployAsync(string stack, string template)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("archive-stack-").FullName, "template.yaml");
        await File.WriteAllTextAsync(file, template, TestContext.Current.CancellationToken);
        var (exit, _, error) = await _aws.RunAsync("cloudformation", "deploy", "--template-file", file, "--stack-name", stack, "--capabilities", "CAPABILITY_IAM");
        Assert.True(exit == 0, error);
        var described = await _aws.JsonAsync("cloudformation", "describe-stacks", "--stack-name", stack);
        return described.GetProperty("Stacks")[0].GetProperty("Outputs").EnumerateArray()
            .ToDictionary(o => o.GetProperty("OutputKey").GetString()!, o => o.GetProperty("OutputValue").GetString()!);
    }

    private async Task<string> StackStatusAsync(string stack)
    {
        var (exit, output, error) = await _aws.RunAsync("cloudformation", "describe-stacks", "--stack-name", stack);
        return exit == 0 ? JsonDocument.Parse(output).RootElement.GetProperty("Stacks")[0].GetProperty("StackStatus").GetString()! : error.Contains("does not exist", StringComparison.Ordinal) ? "GONE" : error;
    }

    [Fact]
    public async Task Deploy_StreamBucketAndDeliveryStream_RecordsArriveEncryptedAndDeleteStackKeepsTheFullBucket()
    {
        AwsCli.RequireInstalled();
        var stack = "archive-" + Guid.NewGuid().ToString("N")[..8];
        var outputs = await DeployAsync(stack, Template);
        var bucket = outputs["BucketName"];

        var lifecycle = await _aws.JsonAsync("s3api", "get-bucket-lifecycle-configuration", "--bucket", bucket);
        var versioning = await _aws.JsonAsync("s3api", "get-bucket-versioning", "--bucket", bucket);
        var encryption = await _aws.JsonAsync("s3api", "get-bucket-encryption", "--bucket", bucket);
        var tags = await _aws.JsonAsync("s3api", "get-bucket-tagging", "--bucket", bucket);
        var hose = (await _aws.JsonAsync("firehose", "describe-delivery-stream", "--delivery-stream-name", outputs["DeliveryStreamName"])).GetProperty("DeliveryStreamDescription");
        var records = Enumerable.Range(0, 20).Select(i => $"{{\"order\":{i}}}\n").ToList();
        await _aws.JsonAsync(["kinesis", "put-records", "--stream-name", outputs["StreamName"], .. AwsCli.Base64BlobArgs, "--records",
            JsonSerializer.Serialize(records.Select((r, i) => new Dictionary<string, string> { ["Data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(r)), ["PartitionKey"] = "o" + i }))]);
        var delivered = new List<string>();
        var keys = new List<string>();
        await Poll.UntilAsync(async () =>
        {
            var listed = await _aws.JsonAsync("s3api", "list-objects-v2", "--bucket", bucket);
            keys = listed.TryGetProperty("Contents", out var c) ? c.EnumerateArray().Select(o => o.GetProperty("Key").GetString()!).ToList() : [];
            delivered = [];
            foreach (var key in keys)
            {
                delivered.AddRange(Gunzip(await GetAsync(bucket, key)).Split('\n', StringSplitOptions.RemoveEmptyEntries));
            }
            return delivered.Count >= records.Count;
        }, () => $"{delivered.Count} records in {keys.Count} objects");
        var head = await _aws.JsonAsync("s3api", "head-object", "--bucket", bucket, "--key", keys[0]);

        Assert.Equal($"arn:aws:s3:::{bucket}", outputs["BucketArn"]);
        Assert.Equal($"{bucket}.s3.us-east-1.amazonaws.com", outputs["BucketDomain"]);
        Assert.StartsWith(stack.ToLowerInvariant() + "-archive-", bucket, StringComparison.Ordinal);
        Assert.Equal($"arn:aws:firehose:us-east-1:000000000000:deliverystream/{outputs["DeliveryStreamName"]}", outputs["DeliveryStreamArn"]);
        var rule = Assert.Single(lifecycle.GetProperty("Rules").EnumerateArray());
        Assert.Equal("expire-events", rule.GetProperty("ID").GetString());
        Assert.Equal("events/", rule.GetProperty("Filter").GetProperty("Prefix").GetString());
        Assert.Equal(400, rule.GetProperty("Expiration").GetProperty("Days").GetInt32());
        Assert.Equal(30, rule.GetProperty("NoncurrentVersionExpiration").GetProperty("NoncurrentDays").GetInt32());
        Assert.Equal("Enabled", versioning.GetProperty("Status").GetString());
        var sse = encryption.GetProperty("ServerSideEncryptionConfiguration").GetProperty("Rules")[0];
        Assert.Equal("aws:kms", sse.GetProperty("ApplyServerSideEncryptionByDefault").GetProperty("SSEAlgorithm").GetString());
        Assert.Equal("event-archive", Assert.Single(tags.GetProperty("TagSet").EnumerateArray()).GetProperty("Value").GetString());
        Assert.Equal("ACTIVE", hose.GetProperty("DeliveryStreamStatus").GetString());
        Assert.Equal(records.Select(r => r.TrimEnd('\n')).Order(), delivered.Order());
        Assert.All(keys, k => Assert.Matches($@"^events/\d{{4}}/\d{{2}}/\d{{2}}/\d{{2}}/{outputs["DeliveryStreamName"]}-1-\d{{4}}(-\d{{2}}){{5}}-[0-9a-f-]{{36}}\.gz$", k));
        Assert.Equal("aws:kms", head.GetProperty("ServerSideEncryption").GetString());
        Assert.Equal(outputs["KeyArn"], head.GetProperty("SSEKMSKeyId").GetString());

        await _aws.JsonAsync("cloudformation", "delete-stack", "--stack-name", stack);
        var status = "";
        await Poll.UntilAsync(async () => (status = await StackStatusAsync(stack)) is "DELETE_FAILED" or "GONE", () => status);
        var events = await _aws.JsonAsync("cloudformation", "describe-stack-events", "--stack-name", stack);
        var bucketFailure = events.GetProperty("StackEvents").EnumerateArray()
            .First(e => e.GetProperty("LogicalResourceId").GetString() == "Archive" && e.GetProperty("ResourceStatus").GetString() == "DELETE_FAILED");
        var hoseGone = await _aws.FailAsync("firehose", "describe-delivery-stream", "--delivery-stream-name", outputs["DeliveryStreamName"]);

        Assert.Equal("DELETE_FAILED", status);
        Assert.Contains("The bucket you tried to delete is not empty", bucketFailure.GetProperty("ResourceStatusReason").GetString(), StringComparison.Ordinal);
        Assert.Contains("ResourceNotFoundException", hoseGone, StringComparison.Ordinal);
        Assert.Equal(keys.Count, (await _aws.JsonAsync("s3api", "list-objects-v2", "--bucket", bucket)).GetProperty("Contents").GetArrayLength());
    }

    [Fact]
    public async Task DeleteStack_BucketRetained_StackGoesAndTheBucketStaysWithItsObjects()
    {
        AwsCli.RequireInstalled();
        var stack = "retained-" + Guid.NewGuid().ToString("N")[..8];
        var bucketName = stack + "-kept";
        var outputs = await DeployAsync(stack, $"""
            Resources:
              Kept:
                Type: AWS::S3::Bucket
                DeletionPolicy: Retain
                Properties:
                  BucketName: {bucketName}
            Outputs:
              Name:
                Value: !Ref Kept
            """);
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "kept", TestContext.Current.CancellationToken);
        await _aws.JsonAsync("s3api", "put-object", "--bucket", bucketName, "--key", "a", "--body", file);

        await _aws.JsonAsync("cloudformation", "delete-stack", "--stack-name", stack);
        var status = "";
        await Poll.UntilAsync(async () => (status = await StackStatusAsync(stack)) is "DELETE_FAILED" or "GONE", () => status);

        Assert.Equal(bucketName, outputs["Name"]);
        Assert.Equal("GONE", status);
        Assert.Equal("kept", await GetAsync(bucketName, "a"));
    }

    private async Task<string> GetAsync(string bucket, string key)
    {
        var file = Path.GetTempFileName();
        await _aws.JsonAsync("s3api", "get-object", "--bucket", bucket, "--key", key, file);
        var bytes = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
        File.Delete(file);
        return Encoding.Latin1.GetString(bytes);
    }

    private static string Gunzip(string latin1)
    {
        using var gz = new GZipStream(new MemoryStream(Encoding.Latin1.GetBytes(latin1)), CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        return reader.ReadToEnd();
    }
}
