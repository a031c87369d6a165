using Sluice.Asl;
using Sluice.Asl.Api;
using Sluice.LocalCloud.CloudFormation.Template;
using Sluice.LocalCloud.Hosting;
using Sluice.LocalCloud.Kinesis;
using Sluice.LocalCloud.Sns;
using Sluice.LocalCloud.Sqs;
using Sluice.LocalCloud.StepFunctions;

namespace Sluice.LocalCloud.Tests.CloudFormation.Template;

/// <summary>The local services in-process (no HTTP) and a recording Lambda control plane, to deploy templates into.</summary>
internal sealed class StackRig : IDisposable
{
    public StackRig()
    {
        var options = new LocalCloudOptions { Port = 0 };
        Sqs = new SqsService(options) { Endpoint = "http://127.0.0.1:4566" };
        Sns = new SnsService(options, Sqs);
        Kinesis = new KinesisService(options);
        S3 = new global::Sluice.LocalCloud.S3.S3Service(new global::Sluice.LocalCloud.S3.S3ServiceOptions());
        Firehose = new global::Sluice.LocalCloud.Firehose.FirehoseService(
            new global::Sluice.LocalCloud.Firehose.FirehoseOptions("us-east-1", "000000000000", TimeProvider.System) { PumpInterval = null }, S3, Kinesis, null);
        StepFunctions = new StepFunctionsService(new AslEngineOptions { ServiceInvoker = new MessagingIntegrations(new RegionalServices.Services(Sqs, Sns, Kinesis)) });
    }

    public SqsService Sqs { get; }

    public SnsService Sns { get; }

    public KinesisService Kinesis { get; }

    public StepFunctionsService StepFunctions { get; }

    public global::Sluice.LocalCloud.S3.S3Service S3 { get; }

    /// <summary>Delivery streams; nothing pumps them (no interval): a test calls PumpAsync.</summary>
    public global::Sluice.LocalCloud.Firehose.FirehoseService Firehose { get; }

    public global::Sluice.LocalCloud.Kms.KmsService Kms { get; } = new(new global::Sluice.LocalCloud.Kms.KmsOptions("us-east-1", "000000000000", TimeProvider.System));

    public RecordingLambdaControlPlane Lambda { get; } = new();

    /// <summary>What other stacks export, for Fn::ImportValue.</summary>
    public Dictionary<string, string> Exports { get; } = new(StringComparer.Ordinal);

    public static string ProjectTemplate => RepositoryRoot.PathOf("infra", "template.yaml");

    public StackTargets Targets => new(Sqs, Sns, Kinesis, StepFunctions, Lambda) { Kms = Kms, S3 = S3, Firehose = Firehose };

    public Task<DeployedStack> DeployFileAsync(string path, params (string Key, string Value)[] parameters) =>
        DeployAsync(TemplateLoader.LoadFile(path, WithExports(Settings(parameters))));

    /// <summary>A template written in the test; CodeUri and DefinitionUri resolve from the repository's infra/ folder.</summary>
    public Task<DeployedStack> DeployTextAsync(string yaml, params (string Key, string Value)[] parameters) =>
        DeployAsync(TemplateLoader.Load(yaml, RepositoryRoot.PathOf("infra", "test.yaml"), WithExports(Settings(parameters))));

    private StackSettings WithExports(StackSettings settings) => settings with { Exports = name => Exports.GetValueOrDefault(name) };

    public static StackSettings Settings(params (string Key, string Value)[] parameters) =>
        new() { Parameters = parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal) };

    private Task<DeployedStack> DeployAsync(LoadedTemplate template) =>
        StackDeployer.DeployAsync(template, Targets, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

    public void Dispose()
    {
        Firehose.Dispose();
        Kinesis.Dispose();
    }
}
