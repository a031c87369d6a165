namespace Sluice.Shared.Aws;

/// <summary>
/// How one AWS service is addressed: <see cref="EndpointId"/> is the SDKs' service id as used in
/// <c>AWS_ENDPOINT_URL_&lt;ID&gt;</c>, <see cref="SigningName"/> the SigV4 service name and
/// <see cref="EndpointPrefix"/> the first label of its regional host name.
/// </summary>
public sealed class AwsService
{
    public static readonly AwsService Kinesis = new("KINESIS", "kinesis", "kinesis");
    public static readonly AwsService Sns = new("SNS", "sns", "sns");
    public static readonly AwsService StepFunctions = new("SFN", "states", "states");
    public static readonly AwsService Sqs = new("SQS", "sqs", "sqs");
    public static readonly AwsService Lambda = new("LAMBDA", "lambda", "lambda");
    public static readonly AwsService CloudFormation = new("CLOUDFORMATION", "cloudformation", "cloudformation");
    public static readonly AwsService Logs = new("CLOUDWATCH_LOGS", "logs", "logs");
    public static readonly AwsService S3 = new("S3", "s3", "s3");
    public static readonly AwsService Kms = new("KMS", "kms", "kms");
    public static readonly AwsService CloudWatch = new("CLOUDWATCH", "monitoring", "monitoring");

    public AwsService(string endpointId, string signingName, string endpointPrefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpointId);
        ArgumentException.ThrowIfNullOrEmpty(signingName);
        ArgumentException.ThrowIfNullOrEmpty(endpointPrefix);
        EndpointId = endpointId;
        SigningName = signingName;
        EndpointPrefix = endpointPrefix;
    }

    public string EndpointId { get; }

    public string SigningName { get; }

    public string EndpointPrefix { get; }

    public override string ToString() => EndpointId;
}
