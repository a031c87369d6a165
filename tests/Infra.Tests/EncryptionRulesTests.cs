using Sluice.Infra.Tests.Rules;

namespace Sluice.Infra.Tests;

public sealed class EncryptionRulesTests
{
    [Fact]
    public void Unencrypted_Template_None()
    {
        Assert.Empty(EncryptionRules.Unencrypted(Inputs.Template()));
    }

    [Fact]
    public void Unencrypted_Pipeline_None()
    {
        Assert.Empty(EncryptionRules.Unencrypted(Inputs.Pipeline()));
    }

    [Theory]
    [InlineData("OrderStream", "StreamEncryption")]
    [InlineData("OrderEventsTopic", "KmsMasterKeyId")]
    [InlineData("AlarmTopic", "KmsMasterKeyId")]
    [InlineData("WorkflowQueue", "SqsManagedSseEnabled")]
    [InlineData("IngestFailureQueue", "SqsManagedSseEnabled")]
    public void Unencrypted_EncryptionRemoved_Reported(string resource, string property)
    {
        var template = Inputs.Template().Copy();
        template.Resource(resource)["Properties"]!.AsObject().Remove(property);

        var violation = Assert.Single(EncryptionRules.Unencrypted(template));
        Assert.Contains($"{resource} (", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void Unencrypted_QueueWithSseDisabled_Reported()
    {
        var template = Inputs.Template().Copy();
        template.Resource("RejectedQueue")["Properties"]!["SqsManagedSseEnabled"] = false;

        Assert.Single(EncryptionRules.Unencrypted(template));
    }

    [Fact]
    public void Unencrypted_DirectPutDeliveryStreamWithoutKey_Reported()
    {
        var template = Inputs.Template().Copy();
        var properties = template.Resource("ArchiveDeliveryStream")["Properties"]!.AsObject();
        properties["DeliveryStreamType"] = "DirectPut";
        properties.Remove("KinesisStreamSourceConfiguration");

        var violation = Assert.Single(EncryptionRules.Unencrypted(template));
        Assert.Contains("ArchiveDeliveryStream (", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void Unencrypted_BucketEncryptionRemoved_Reported()
    {
        var pipeline = Inputs.Pipeline().Copy();
        pipeline.Resource("ArtifactBucket")["Properties"]!.AsObject().Remove("BucketEncryption");

        Assert.Single(EncryptionRules.Unencrypted(pipeline));
    }

    [Fact]
    public void Unencrypted_UnknownResourceType_MustBeDecided()
    {
        var template = Inputs.Template().Copy();
        template.Resources["Table"] = new System.Text.Json.Nodes.JsonObject { ["Type"] = "AWS::DynamoDB::Table" };

        var violation = Assert.Single(EncryptionRules.Unencrypted(template));
        Assert.Contains("AWS::DynamoDB::Table, which this rule does not know", violation, StringComparison.Ordinal);
    }
}
