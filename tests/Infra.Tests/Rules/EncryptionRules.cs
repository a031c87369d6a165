using System.Text.Json.Nodes;
using Sluice.Infra.Tests.Cfn;

namespace Sluice.Infra.Tests.Rules;

/// <summary>Every resource that holds data and can be encrypted at rest is; every other type says why not.</summary>
internal static class EncryptionRules
{
    private static readonly Dictionary<string, Func<JsonObject, bool>> s_checks = new(StringComparer.Ordinal)
    {
        ["AWS::Kinesis::Stream"] = p => p["StreamEncryption"]?["EncryptionType"]?.GetValue<string>() == "KMS" &&
                                        p["StreamEncryption"]?["KeyId"] is not null,
        ["AWS::SNS::Topic"] = p => p["KmsMasterKeyId"] is not null,
        ["AWS::SQS::Queue"] = p => p["KmsMasterKeyId"] is not null ||
                                   p["SqsManagedSseEnabled"] is JsonValue v && v.TryGetValue<bool>(out var on) && on,
        ["AWS::S3::Bucket"] = p => p["BucketEncryption"]?["ServerSideEncryptionConfiguration"] is JsonArray { Count: > 0 },
        // Reading from a Kinesis stream, Firehose keeps nothing at rest (the records stay in the encrypted
        // stream until delivered, and its destination is checked on its own); a direct-put stream buffers
        // what producers send, so it needs its own key.
        ["AWS::KinesisFirehose::DeliveryStream"] = p => p["DeliveryStreamType"]?.GetValue<string>() == "KinesisStreamAsSource" ||
                                                        p["DeliveryStreamEncryptionConfigurationInput"]?["KeyType"] is not null,
    };

    /// <summary>Types with no encryption setting to check, each with the reason.</summary>
    public static readonly IReadOnlyDictionary<string, string> Exempt = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["AWS::Logs::LogGroup"] = "CloudWatch Logs always encrypts log data at rest; a customer managed key would tie log " +
                                  "ingestion to a key policy while the logs hold no secrets (execution data is not logged)",
        ["AWS::Serverless::Function"] = "Lambda encrypts code and environment variables at rest with an AWS managed key; " +
                                        "the variables hold names and ARNs, no secrets",
        ["AWS::Serverless::StateMachine"] = "Step Functions encrypts definitions and execution data at rest with an AWS owned key",
        ["AWS::CodeBuild::Project"] = "build artifacts are encrypted with the AWS managed S3 key by default",
        ["AWS::CodePipeline::Pipeline"] = "its artifact store is the encrypted bucket, checked as AWS::S3::Bucket",
        ["AWS::KMS::Key"] = "it is the encryption",
        ["AWS::Logs::LogStream"] = "its data lives in the log group, checked as AWS::Logs::LogGroup",
        ["AWS::KMS::Alias"] = "a name for a key; holds no data",
        ["AWS::IAM::Role"] = "configuration only; holds no data",
        ["AWS::SNS::Subscription"] = "configuration only; messages live in the encrypted topic and queues",
        ["AWS::SQS::QueuePolicy"] = "configuration only; holds no data",
        ["AWS::S3::BucketPolicy"] = "configuration only; holds no data",
        ["AWS::CloudWatch::Alarm"] = "configuration only; holds no data",
    };

    public static IReadOnlyList<string> Unencrypted(CfnTemplate template)
    {
        var violations = new List<string>();
        foreach (var (id, resource) in template.AllResources())
        {
            var type = CfnTemplate.TypeOf(resource);
            if (s_checks.TryGetValue(type, out var encrypted))
            {
                if (!encrypted(CfnTemplate.PropertiesOf(resource)))
                {
                    violations.Add($"{template.Name}: {id} ({type}) is not encrypted at rest");
                }
            }
            else if (!Exempt.ContainsKey(type))
            {
                violations.Add($"{template.Name}: {id} has type {type}, which this rule does not know: add an encryption check or an exemption with its reason");
            }
        }

        return violations;
    }
}
