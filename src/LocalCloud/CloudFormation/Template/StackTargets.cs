using Sluice.Asl.Api;
using Sluice.LocalCloud.Kinesis;
using Sluice.LocalCloud.Lambda;
using Sluice.LocalCloud.Sns;
using Sluice.LocalCloud.Sqs;

namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>
/// The services a stack is created in. <see cref="Lambda"/> is null in a host composed without the
/// Lambda service: a template with functions then fails to deploy, naming them, unless
/// <see cref="WithoutLambda"/> says to name functions and mappings only (listed as not emulated).
/// </summary>
internal sealed record StackTargets(SqsService Sqs, SnsService Sns, KinesisService Kinesis, StepFunctionsService StepFunctions, ILambdaControlPlane? Lambda)
{
    public bool WithoutLambda { get; init; }

    /// <summary>Where `package` uploaded code and definitions (s3:// CodeUri and DefinitionUri); null in hosts without S3.</summary>
    public S3.S3Service? S3 { get; init; }

    /// <summary>Firehose of the stack's region (delivery streams); null in hosts without it.</summary>
    public Firehose.FirehoseService? Firehose { get; init; }
    /// <summary>KMS keys and aliases of the stack's region; null in hosts without KMS (keys are then only named).</summary>
    public Kms.KmsService? Kms { get; init; }

    /// <summary>
    /// Where zips `package` uploaded are unpacked, one folder per content: under the data directory when
    /// the host has one (Lambda keeps its own copy of the code, as on AWS, so the S3 object may go), a
    /// temporary folder otherwise.
    /// </summary>
    public string CodeDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "sluice-localcloud-code");

    /// <summary>How fast CodeDeploy shifts an alias's traffic and how long an alarm's period lasts here.</summary>
    public CodeDeploy.DeploymentSettings Deployments { get; init; } = CodeDeploy.DeploymentSettings.Default;
}
