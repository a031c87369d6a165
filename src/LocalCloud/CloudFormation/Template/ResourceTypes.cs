namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>
/// Every resource type the loader knows and the properties it understands for each: the emulated
/// ones it creates, and the ones it acknowledges (listed at start-up as not emulated locally).
/// </summary>
internal static class ResourceTypes
{
    public const string KinesisStream = "AWS::Kinesis::Stream";
    public const string SnsTopic = "AWS::SNS::Topic";
    public const string SnsSubscription = "AWS::SNS::Subscription";
    public const string SqsQueue = "AWS::SQS::Queue";
    public const string SqsQueuePolicy = "AWS::SQS::QueuePolicy";
    public const string ServerlessFunction = "AWS::Serverless::Function";
    public const string ServerlessStateMachine = "AWS::Serverless::StateMachine";
    public const string StateMachine = "AWS::StepFunctions::StateMachine";
    public const string LambdaFunction = "AWS::Lambda::Function";
    public const string LambdaPermission = "AWS::Lambda::Permission";
    public const string BucketPolicy = "AWS::S3::BucketPolicy";
    public const string EventSourceMapping = "AWS::Lambda::EventSourceMapping";
    public const string LambdaVersion = "AWS::Lambda::Version";
    public const string LambdaAlias = "AWS::Lambda::Alias";
    public const string CodeDeployApplication = "AWS::CodeDeploy::Application";
    public const string CodeDeployDeploymentGroup = "AWS::CodeDeploy::DeploymentGroup";
    public const string LogGroup = "AWS::Logs::LogGroup";
    public const string LogStream = "AWS::Logs::LogStream";
    public const string Alarm = "AWS::CloudWatch::Alarm";
    public const string Role = "AWS::IAM::Role";
    public const string KmsKey = "AWS::KMS::Key";
    public const string KmsAlias = "AWS::KMS::Alias";
    public const string S3Bucket = "AWS::S3::Bucket";
    public const string DeliveryStream = "AWS::KinesisFirehose::DeliveryStream";

    private static readonly PropertyShape s_firehoseS3 = new(
        ("RoleARN", null), ("BucketARN", null), ("Prefix", null), ("ErrorOutputPrefix", null), ("CompressionFormat", null),
        ("BufferingHints", PropertyShape.Keys("SizeInMBs", "IntervalInSeconds")),
        ("EncryptionConfiguration", new PropertyShape(("NoEncryptionConfig", null), ("KMSEncryptionConfig", PropertyShape.Keys("AWSKMSKeyARN")))),
        ("CloudWatchLoggingOptions", PropertyShape.Keys("Enabled", "LogGroupName", "LogStreamName")));

    private static readonly PropertyShape s_firehoseExtendedS3 = new(
        ("RoleARN", null), ("BucketARN", null), ("Prefix", null), ("ErrorOutputPrefix", null), ("CompressionFormat", null),
        ("BufferingHints", PropertyShape.Keys("SizeInMBs", "IntervalInSeconds")),
        ("EncryptionConfiguration", new PropertyShape(("NoEncryptionConfig", null), ("KMSEncryptionConfig", PropertyShape.Keys("AWSKMSKeyARN")))),
        ("CloudWatchLoggingOptions", PropertyShape.Keys("Enabled", "LogGroupName", "LogStreamName")),
        ("FileExtension", null), ("CustomTimeZone", null), ("S3BackupMode", null),
        ("ProcessingConfiguration", PropertyShape.Keys("Enabled", "Processors")));

    public static readonly IReadOnlyDictionary<string, PropertyShape> Shapes = new Dictionary<string, PropertyShape>(StringComparer.Ordinal)
    {
        [KinesisStream] = new(
            ("Name", null), ("ShardCount", null), ("RetentionPeriodHours", null), ("Tags", null),
            ("StreamModeDetails", PropertyShape.Keys("StreamMode")),
            ("StreamEncryption", PropertyShape.Keys("EncryptionType", "KeyId"))),
        [SnsTopic] = PropertyShape.Keys("TopicName", "DisplayName", "KmsMasterKeyId", "FifoTopic", "ContentBasedDeduplication",
            "Tags", "TracingConfig", "SignatureVersion", "ArchivePolicy", "DeliveryPolicy", "DataProtectionPolicy", "FifoThroughputScope"),
        [SnsSubscription] = PropertyShape.Keys("TopicArn", "Protocol", "Endpoint", "RawMessageDelivery", "FilterPolicy", "FilterPolicyScope",
            "RedrivePolicy", "DeliveryPolicy", "ReplayPolicy", "SubscriptionRoleArn", "Region"),
        [SqsQueue] = PropertyShape.Keys("QueueName", "VisibilityTimeout", "MessageRetentionPeriod", "DelaySeconds", "MaximumMessageSize",
            "ReceiveMessageWaitTimeSeconds", "RedrivePolicy", "RedriveAllowPolicy", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds",
            "SqsManagedSseEnabled", "FifoQueue", "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit", "Tags"),
        [SqsQueuePolicy] = PropertyShape.Keys("Queues", "PolicyDocument"),
        [ServerlessFunction] = new(
            ("FunctionName", null), ("Description", null), ("CodeUri", null), ("Handler", null), ("Runtime", null), ("Architectures", null),
            ("MemorySize", null), ("Timeout", null), ("Role", null), ("Policies", null), ("Tracing", null), ("Tags", null),
            ("ReservedConcurrentExecutions", null), ("Environment", PropertyShape.Keys("Variables")),
            ("LoggingConfig", PropertyShape.Keys("LogGroup", "LogFormat", "ApplicationLogLevel", "SystemLogLevel")),
            ("Events", null)),
        [LambdaFunction] = new(
            ("FunctionName", null), ("Description", null), ("Code", PropertyShape.Keys("S3Bucket", "S3Key", "S3ObjectVersion", "ZipFile")),
            ("PackageType", null), ("Handler", null), ("Runtime", null), ("Architectures", null), ("MemorySize", null), ("Timeout", null), ("Role", null),
            ("Tags", null), ("TracingConfig", PropertyShape.Keys("Mode")), ("ReservedConcurrentExecutions", null),
            ("Environment", PropertyShape.Keys("Variables")),
            ("LoggingConfig", PropertyShape.Keys("LogGroup", "LogFormat", "ApplicationLogLevel", "SystemLogLevel"))),
        [LambdaPermission] = PropertyShape.Keys("FunctionName", "Action", "Principal", "SourceArn", "SourceAccount", "PrincipalOrgID",
            "EventSourceToken", "FunctionUrlAuthType", "InvokedViaFunctionUrl"),
        [BucketPolicy] = PropertyShape.Keys("Bucket", "PolicyDocument"),
        [EventSourceMapping] = new(
            ("FunctionName", null), ("EventSourceArn", null), ("Enabled", null), ("BatchSize", null), ("MaximumBatchingWindowInSeconds", null),
            ("StartingPosition", null), ("StartingPositionTimestamp", null), ("ParallelizationFactor", null),
            ("BisectBatchOnFunctionError", null), ("MaximumRetryAttempts", null), ("MaximumRecordAgeInSeconds", null),
            ("FunctionResponseTypes", null), ("ScalingConfig", PropertyShape.Keys("MaximumConcurrency")),
            ("DestinationConfig", new PropertyShape(("OnFailure", PropertyShape.Keys("Destination", "Type"))))),
        [ServerlessStateMachine] = new(
            ("Name", null), ("Type", null), ("DefinitionUri", null), ("Definition", null), ("DefinitionSubstitutions", null), ("Role", null),
            ("Policies", null), ("Tags", null), ("Tracing", PropertyShape.Keys("Enabled")),
            ("Logging", new PropertyShape(("Level", null), ("IncludeExecutionData", null),
                ("Destinations", new PropertyShape(("CloudWatchLogsLogGroup", PropertyShape.Keys("LogGroupArn"))))))),
        [StateMachine] = new(
            ("StateMachineName", null), ("StateMachineType", null), ("Definition", null), ("DefinitionString", null),
            ("DefinitionS3Location", PropertyShape.Keys("Bucket", "Key", "Version")), ("DefinitionSubstitutions", null), ("RoleArn", null),
            ("Tags", null), ("TracingConfiguration", PropertyShape.Keys("Enabled")),
            ("LoggingConfiguration", new PropertyShape(("Level", null), ("IncludeExecutionData", null),
                ("Destinations", new PropertyShape(("CloudWatchLogsLogGroup", PropertyShape.Keys("LogGroupArn"))))))),
        [LambdaVersion] = PropertyShape.Keys("FunctionName", "Description", "CodeSha256"),
        [LambdaAlias] = new(("FunctionName", null), ("Name", null), ("FunctionVersion", null), ("Description", null),
            ("RoutingConfig", new PropertyShape(("AdditionalVersionWeights", null)))),
        [CodeDeployApplication] = PropertyShape.Keys("ApplicationName", "ComputePlatform", "Tags"),
        [CodeDeployDeploymentGroup] = PropertyShape.Keys("ApplicationName", "DeploymentGroupName", "DeploymentConfigName", "ServiceRoleArn",
            "AlarmConfiguration", "AutoRollbackConfiguration", "DeploymentStyle", "TriggerConfigurations", "Tags"),
        [LogGroup] = PropertyShape.Keys("LogGroupName", "RetentionInDays", "KmsKeyId", "LogGroupClass", "DataProtectionPolicy", "Tags"),
        [LogStream] = PropertyShape.Keys("LogGroupName", "LogStreamName"),
        [Alarm] = PropertyShape.Keys("AlarmName", "AlarmDescription", "Namespace", "MetricName", "Dimensions", "Statistic", "ExtendedStatistic",
            "Period", "EvaluationPeriods", "DatapointsToAlarm", "Threshold", "ComparisonOperator", "TreatMissingData", "AlarmActions",
            "OKActions", "InsufficientDataActions", "ActionsEnabled", "Unit", "Metrics", "EvaluateLowSampleCountPercentile", "ThresholdMetricId"),
        [Role] = PropertyShape.Keys("RoleName", "Description", "AssumeRolePolicyDocument", "Policies", "ManagedPolicyArns", "Path",
            "MaxSessionDuration", "PermissionsBoundary", "Tags"),
        [KmsKey] = PropertyShape.Keys("Description", "EnableKeyRotation", "KeyPolicy", "Enabled", "KeySpec", "KeyUsage", "MultiRegion",
            "PendingWindowInDays", "RotationPeriodInDays", "Tags"),
        [KmsAlias] = PropertyShape.Keys("AliasName", "TargetKeyId"),
        [S3Bucket] = new(
            ("BucketName", null), ("Tags", null), ("BucketEncryption", PropertyShape.Keys("ServerSideEncryptionConfiguration")),
            ("LifecycleConfiguration", PropertyShape.Keys("Rules")), ("VersioningConfiguration", PropertyShape.Keys("Status")),
            ("PublicAccessBlockConfiguration", PropertyShape.Keys("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"))),
        [DeliveryStream] = new(
            ("DeliveryStreamName", null), ("DeliveryStreamType", null), ("Tags", null),
            ("KinesisStreamSourceConfiguration", PropertyShape.Keys("KinesisStreamARN", "RoleARN")),
            ("ExtendedS3DestinationConfiguration", s_firehoseExtendedS3), ("S3DestinationConfiguration", s_firehoseS3)),
    };

    /// <summary>Types that exist only in AWS's control plane here: named, given ARNs, and listed as not emulated.</summary>
    public static readonly IReadOnlySet<string> Acknowledged = new HashSet<string>(StringComparer.Ordinal)
    {
        LogGroup, LogStream, Alarm, Role, KmsKey, KmsAlias, CodeDeployApplication, CodeDeployDeploymentGroup, LambdaPermission,
    };

    /// <summary>Keys a resource entry itself may have besides Type and Properties.</summary>
    public static readonly IReadOnlySet<string> EntryKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "Type", "Properties", "Condition", "DependsOn", "Metadata", "DeletionPolicy", "UpdateReplacePolicy", "UpdatePolicy", "CreationPolicy",
    };
}
