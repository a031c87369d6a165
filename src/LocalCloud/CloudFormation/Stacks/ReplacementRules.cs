using Sluice.LocalCloud.CloudFormation.Template;

namespace Sluice.LocalCloud.CloudFormation.Stacks;

/// <summary>
/// The properties whose change replaces a resource: the <c>createOnlyProperties</c> of AWS's resource
/// provider schemas (a test checks this table against the schemas cfn-lint ships). SAM's types take
/// those of the types the transform turns them into.
/// </summary>
internal static class ReplacementRules
{
    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> CreateOnly = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
    {
        ["AWS::SQS::Queue"] = Set("FifoQueue", "QueueName"),
        ["AWS::SQS::QueuePolicy"] = Set(),
        ["AWS::SNS::Topic"] = Set("FifoTopic", "TopicName"),
        ["AWS::SNS::Subscription"] = Set("Endpoint", "Protocol", "TopicArn"),
        ["AWS::Kinesis::Stream"] = Set("Name"),
        ["AWS::Lambda::Function"] = Set("FunctionName", "PackageType", "TenancyConfig"),
        ["AWS::Lambda::Permission"] = Set("Action", "EventSourceToken", "FunctionName", "FunctionUrlAuthType", "InvokedViaFunctionUrl", "Principal",
            "PrincipalOrgID", "SourceAccount", "SourceArn"),
        ["AWS::S3::BucketPolicy"] = Set("Bucket"),
        ["AWS::Lambda::EventSourceMapping"] = Set("EventSourceArn", "SelfManagedEventSource", "StartingPosition", "StartingPositionTimestamp"),
        ["AWS::Lambda::Version"] = Set("CodeSha256", "Description", "FunctionName", "ProvisionedConcurrencyConfig", "RuntimePolicy"),
        ["AWS::Lambda::Alias"] = Set("FunctionName", "Name"),
        ["AWS::CodeDeploy::Application"] = Set("ApplicationName", "ComputePlatform"),
        ["AWS::CodeDeploy::DeploymentGroup"] = Set("ApplicationName", "DeploymentGroupName"),
        ["AWS::StepFunctions::StateMachine"] = Set("StateMachineName", "StateMachineType"),
        ["AWS::IAM::Role"] = Set("Path", "RoleName"),
        ["AWS::Logs::LogGroup"] = Set("LogGroupName"),
        ["AWS::CloudWatch::Alarm"] = Set("AlarmName"),
        ["AWS::KMS::Key"] = Set(),
        ["AWS::KMS::Alias"] = Set("AliasName"),
        ["AWS::S3::Bucket"] = Set("BucketName", "BucketNamePrefix", "BucketNamespace"),
        // Top-level names; the nested VpcConfiguration and CatalogConfiguration belong to destinations the local cloud does not serve.
        ["AWS::KinesisFirehose::DeliveryStream"] = Set("CatalogConfiguration", "DatabaseSourceConfiguration", "DeliveryStreamName", "DeliveryStreamType",
            "DirectPutSourceConfiguration", "KinesisStreamSourceConfiguration", "MSKSourceConfiguration", "SnowflakeVpcConfiguration", "VpcConfiguration"),
        [ResourceTypes.ServerlessFunction] = Set("FunctionName", "PackageType"),
        [ResourceTypes.ServerlessStateMachine] = Set("Name", "Type"),
    };

    /// <summary>Whether changing <paramref name="property"/> of a resource of <paramref name="type"/> replaces it.</summary>
    public static bool Replaces(string type, string property) =>
        CreateOnly.TryGetValue(type, out var properties) && properties.Contains(property);

    /// <summary>The property that names the resource, if the template may give one (a custom name cannot be replaced).</summary>
    public static string? NameProperty(string type) => type switch
    {
        "AWS::SQS::Queue" => "QueueName",
        "AWS::SNS::Topic" => "TopicName",
        "AWS::Kinesis::Stream" => "Name",
        "AWS::Lambda::Function" or ResourceTypes.ServerlessFunction => "FunctionName",
        "AWS::StepFunctions::StateMachine" => "StateMachineName",
        ResourceTypes.ServerlessStateMachine => "Name",
        "AWS::IAM::Role" => "RoleName",
        "AWS::Logs::LogGroup" => "LogGroupName",
        "AWS::CloudWatch::Alarm" => "AlarmName",
        "AWS::S3::Bucket" => "BucketName",
        "AWS::KinesisFirehose::DeliveryStream" => "DeliveryStreamName",
        _ => null,
    };

    private static HashSet<string> Set(params string[] names) => new(names, StringComparer.Ordinal);
}
