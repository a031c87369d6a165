using System.Net;
using System.Text.Json;
using Sluice.Shared.Aws.CloudFormation;

namespace Sluice.Shared.Tests.Aws.CloudFormation;

/// <summary>
/// The client reads every answer as botocore does: the XML comes from botocore's model of each
/// operation (every output member filled), and each field the client exposes must equal botocore's
/// parse of the same bytes.
/// </summary>
public sealed class CloudFormationAnswerTests(CloudFormationModelFixture model) : IClassFixture<CloudFormationModelFixture>
{
    [Fact]
    public async Task DescribeStacks_ModelledAnswer_EveryStackFieldAsBotocoreReadsIt()
    {
        var (client, expected) = Answering("DescribeStacks");

        var page = await client.DescribeStacksAsync("s", cancellationToken: TestContext.Current.CancellationToken).Bounded();

        var stacks = expected.GetProperty("Stacks");
        Assert.Equal(stacks.GetArrayLength(), page.Items.Count);
        Assert.Equal(Text(expected, "NextToken"), page.NextToken);
        for (var i = 0; i < page.Items.Count; i++)
        {
            var e = stacks[i];
            var a = page.Items[i];
            Assert.Equal(Text(e, "StackName"), a.StackName);
            Assert.Equal(Text(e, "StackId"), a.StackId);
            Assert.Equal(Text(e, "StackStatus"), a.StackStatus);
            Assert.Equal(Text(e, "StackStatusReason"), a.StackStatusReason);
            Assert.Equal(Text(e, "Description"), a.Description);
            Assert.Equal(Text(e, "ChangeSetId"), a.ChangeSetId);
            Assert.Equal(Time(e, "CreationTime"), a.CreationTime);
            Assert.Equal(Time(e, "LastUpdatedTime"), a.LastUpdatedTime);
            Assert.Equal(Time(e, "DeletionTime"), a.DeletionTime);
            Assert.Equal(Text(e, "RoleARN"), a.RoleArn);
            Assert.Equal(Bool(e, "DisableRollback"), a.DisableRollback);
            Assert.Equal(Bool(e, "EnableTerminationProtection"), a.EnableTerminationProtection);
            Assert.Equal(Int(e, "TimeoutInMinutes"), a.TimeoutInMinutes);
            Assert.Equal(Text(e, "ParentId"), a.ParentId);
            Assert.Equal(Text(e, "RootId"), a.RootId);
            Assert.Equal(Strings(e, "Capabilities"), a.Capabilities);
            Assert.Equal(Strings(e, "NotificationARNs"), a.NotificationArns);
            Assert.Equal(Items(e, "Parameters").Select(p => (Text(p, "ParameterKey"), Text(p, "ParameterValue"), Bool(p, "UsePreviousValue"), Text(p, "ResolvedValue"))),
                a.Parameters.Select(p => ((string?)p.Key, p.Value, p.UsePreviousValue, p.ResolvedValue)));
            Assert.Equal(Items(e, "Outputs").Select(o => (Text(o, "OutputKey"), Text(o, "OutputValue"), Text(o, "Description"), Text(o, "ExportName"))),
                a.Outputs.Select(o => ((string?)o.Key, o.Value, o.Description, o.ExportName)));
            Assert.Equal(Items(e, "Tags").Select(t => (Text(t, "Key"), Text(t, "Value"))), a.Tags.Select(t => ((string?)t.Key, (string?)t.Value)));
            var drift = e.GetProperty("DriftInformation");
            Assert.Equal(Text(drift, "StackDriftStatus"), a.DriftInformation?.Status);
            Assert.Equal(Time(drift, "LastCheckTimestamp"), a.DriftInformation?.LastCheckTimestamp);
            Assert.Contains("<&'\">", a.StackName, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ListStackResources_ModelledAnswer_EverySummaryFieldAsBotocoreReadsIt()
    {
        var (client, expected) = Answering("ListStackResources");

        var page = await client.ListStackResourcesAsync("s", cancellationToken: TestContext.Current.CancellationToken).Bounded();

        Assert.Equal(Text(expected, "NextToken"), page.NextToken);
        Assert.Equal(
            Items(expected, "StackResourceSummaries").Select(e => (Text(e, "LogicalResourceId"), Text(e, "PhysicalResourceId"), Text(e, "ResourceType"),
                Text(e, "ResourceStatus"), Text(e, "ResourceStatusReason"), Time(e, "LastUpdatedTimestamp"),
                Text(e.GetProperty("DriftInformation"), "StackResourceDriftStatus"), Time(e.GetProperty("DriftInformation"), "LastCheckTimestamp"))),
            page.Items.Select(a => ((string?)a.LogicalResourceId, a.PhysicalResourceId, (string?)a.ResourceType, (string?)a.ResourceStatus, a.ResourceStatusReason,
                a.LastUpdatedTimestamp, a.DriftInformation?.Status, a.DriftInformation?.LastCheckTimestamp)));
    }

    [Fact]
    public async Task DescribeStackEvents_ModelledAnswer_EveryEventFieldAsBotocoreReadsIt()
    {
        var (client, expected) = Answering("DescribeStackEvents");

        var page = await client.DescribeStackEventsAsync("s", cancellationToken: TestContext.Current.CancellationToken).Bounded();

        Assert.Equal(Text(expected, "NextToken"), page.NextToken);
        Assert.Equal(
            Items(expected, "StackEvents").Select(e => (Text(e, "EventId"), Text(e, "StackId"), Text(e, "StackName"), Text(e, "LogicalResourceId"),
                Text(e, "PhysicalResourceId"), Text(e, "ResourceType"), Time(e, "Timestamp"), Text(e, "ResourceStatus"), Text(e, "ResourceStatusReason"),
                Text(e, "ResourceProperties"), Text(e, "ClientRequestToken"))),
            page.Items.Select(a => ((string?)a.EventId, (string?)a.StackId, (string?)a.StackName, a.LogicalResourceId, a.PhysicalResourceId, a.ResourceType,
                (DateTimeOffset?)a.Timestamp, a.ResourceStatus, a.ResourceStatusReason, a.ResourceProperties, a.ClientRequestToken)));
    }

    [Fact]
    public async Task CreateChangeSet_ModelledAnswer_IdAndStackId()
    {
        var (client, expected) = Answering("CreateChangeSet");

        var result = await client.CreateChangeSetAsync(
            new CreateChangeSetRequest { StackName = "s", ChangeSetName = "c", TemplateBody = "{}" }, TestContext.Current.CancellationToken).Bounded();

        Assert.Equal(Text(expected, "Id"), result.Id);
        Assert.Equal(Text(expected, "StackId"), result.StackId);
    }

    [Fact]
    public async Task DescribeChangeSet_ModelledAnswer_StatusAndEveryResourceChangeAsBotocoreReadsThem()
    {
        var (client, e) = Answering("DescribeChangeSet");

        var a = await client.DescribeChangeSetAsync("c", "s", cancellationToken: TestContext.Current.CancellationToken).Bounded();

        Assert.Equal(Text(e, "ChangeSetName"), a.ChangeSetName);
        Assert.Equal(Text(e, "ChangeSetId"), a.ChangeSetId);
        Assert.Equal(Text(e, "StackId"), a.StackId);
        Assert.Equal(Text(e, "StackName"), a.StackName);
        Assert.Equal(Text(e, "Description"), a.Description);
        Assert.Equal(Text(e, "Status"), a.Status);
        Assert.Equal(Text(e, "StatusReason"), a.StatusReason);
        Assert.Equal(Text(e, "ExecutionStatus"), a.ExecutionStatus);
        Assert.Equal(Time(e, "CreationTime"), a.CreationTime);
        Assert.Equal(Strings(e, "Capabilities"), a.Capabilities);
        Assert.Equal(Items(e, "Parameters").Select(p => Text(p, "ParameterKey")), a.Parameters.Select(p => (string?)p.Key));
        Assert.Equal(Items(e, "Tags").Select(t => (Text(t, "Key"), Text(t, "Value"))), a.Tags.Select(t => ((string?)t.Key, (string?)t.Value)));
        Assert.Equal(Text(e, "ParentChangeSetId"), a.ParentChangeSetId);
        Assert.Equal(Text(e, "RootChangeSetId"), a.RootChangeSetId);
        Assert.Equal(Bool(e, "IncludeNestedStacks"), a.IncludeNestedStacks);
        Assert.Equal(Text(e, "OnStackFailure"), a.OnStackFailure);
        Assert.Equal(Text(e, "NextToken"), a.NextToken);
        var changes = Items(e, "Changes").Select(c => c.GetProperty("ResourceChange")).ToList();
        Assert.Equal(changes.Count, a.Changes.Count);
        for (var i = 0; i < changes.Count; i++)
        {
            var ec = changes[i];
            var ac = a.Changes[i];
            Assert.Equal((Text(ec, "Action"), Text(ec, "LogicalResourceId"), Text(ec, "PhysicalResourceId"), Text(ec, "ResourceType"), Text(ec, "Replacement"), Text(ec, "ChangeSetId")),
                ((string?)ac.Action, (string?)ac.LogicalResourceId, ac.PhysicalResourceId, ac.ResourceType, ac.Replacement, ac.ChangeSetId));
            Assert.Equal(Strings(ec, "Scope"), ac.Scope);
            Assert.Equal(
                Items(ec, "Details").Select(d => (Text(d.GetProperty("Target"), "Attribute"), Text(d.GetProperty("Target"), "Name"), Text(d.GetProperty("Target"), "RequiresRecreation"),
                    Text(d, "Evaluation"), Text(d, "ChangeSource"), Text(d, "CausingEntity"))),
                ac.Details.Select(d => (d.TargetAttribute, d.TargetName, d.RequiresRecreation, d.Evaluation, d.ChangeSource, d.CausingEntity)));
        }
    }

    [Fact]
    public async Task ListChangeSets_ModelledAnswer_EverySummaryFieldAsBotocoreReadsIt()
    {
        var (client, expected) = Answering("ListChangeSets");

        var page = await client.ListChangeSetsAsync("s", cancellationToken: TestContext.Current.CancellationToken).Bounded();

        Assert.Equal(Text(expected, "NextToken"), page.NextToken);
        Assert.Equal(
            Items(expected, "Summaries").Select(e => (Text(e, "ChangeSetName"), Text(e, "ChangeSetId"), Text(e, "StackId"), Text(e, "StackName"), Text(e, "Status"),
                Text(e, "StatusReason"), Text(e, "ExecutionStatus"), Time(e, "CreationTime"), Text(e, "Description"))),
            page.Items.Select(a => ((string?)a.ChangeSetName, a.ChangeSetId, a.StackId, a.StackName, a.Status, a.StatusReason, a.ExecutionStatus, a.CreationTime, a.Description)));
    }

    [Fact]
    public async Task DriftCalls_ModelledAnswers_AsBotocoreReadsThem()
    {
        var ct = TestContext.Current.CancellationToken;
        var (detect, detectExpected) = Answering("DetectStackDrift");
        var (status, e) = Answering("DescribeStackDriftDetectionStatus");
        var (drifts, driftsExpected) = Answering("DescribeStackResourceDrifts");

        var id = await detect.DetectStackDriftAsync("s", ["Queue"], ct).Bounded();
        var a = await status.DescribeStackDriftDetectionStatusAsync(id, ct).Bounded();
        var page = await drifts.DescribeStackResourceDriftsAsync("s", ["MODIFIED"], cancellationToken: ct).Bounded();

        Assert.Equal(Text(detectExpected, "StackDriftDetectionId"), id);
        Assert.Equal((Text(e, "StackId"), Text(e, "StackDriftDetectionId"), Text(e, "StackDriftStatus"), Text(e, "DetectionStatus"), Text(e, "DetectionStatusReason"),
                Int(e, "DriftedStackResourceCount"), Time(e, "Timestamp")),
            ((string?)a.StackId, (string?)a.StackDriftDetectionId, a.StackDriftStatus, (string?)a.DetectionStatus, a.DetectionStatusReason, a.DriftedStackResourceCount, (DateTimeOffset?)a.Timestamp));
        Assert.Equal(Text(driftsExpected, "NextToken"), page.NextToken);
        var expectedDrifts = Items(driftsExpected, "StackResourceDrifts").ToList();
        Assert.Equal(expectedDrifts.Count, page.Items.Count);
        for (var i = 0; i < expectedDrifts.Count; i++)
        {
            var ed = expectedDrifts[i];
            var ad = page.Items[i];
            Assert.Equal((Text(ed, "StackId"), Text(ed, "LogicalResourceId"), Text(ed, "PhysicalResourceId"), Text(ed, "ResourceType"), Text(ed, "StackResourceDriftStatus"),
                    Text(ed, "ExpectedProperties"), Text(ed, "ActualProperties"), Time(ed, "Timestamp")),
                ((string?)ad.StackId, (string?)ad.LogicalResourceId, ad.PhysicalResourceId, (string?)ad.ResourceType, (string?)ad.StackResourceDriftStatus,
                    ad.ExpectedProperties, ad.ActualProperties, (DateTimeOffset?)ad.Timestamp));
            Assert.Equal(
                Items(ed, "PropertyDifferences").Select(d => (Text(d, "PropertyPath"), Text(d, "ExpectedValue"), Text(d, "ActualValue"), Text(d, "DifferenceType"))),
                ad.PropertyDifferences.Select(d => ((string?)d.PropertyPath, d.ExpectedValue, d.ActualValue, (string?)d.DifferenceType)));
        }
    }

    [Fact]
    public async Task GetTemplate_ModelledAnswer_BodyAndStages()
    {
        var (client, expected) = Answering("GetTemplate");

        var template = await client.GetTemplateAsync("s", templateStage: "Original", cancellationToken: TestContext.Current.CancellationToken).Bounded();

        Assert.Equal(Text(expected, "TemplateBody"), template.TemplateBody);
        Assert.Equal(Strings(expected, "StagesAvailable"), template.StagesAvailable);
    }

    private (CloudFormationClient Client, JsonElement Expected) Answering(string operation)
    {
        var (xml, parsed) = model.Answer(operation);
        var handler = new RecordingHandler().RespondXml(HttpStatusCode.OK, xml);
        return (new CloudFormationClient(TestAws.Options(), TestAws.Http(handler)), parsed);
    }

    private static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetString() : null;

    private static bool? Bool(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetBoolean() : null;

    private static int? Int(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetInt32() : null;

    private static DateTimeOffset? Time(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? DateTimeOffset.Parse(v.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : null;

    private static IEnumerable<JsonElement> Items(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.EnumerateArray() : [];

    private static IReadOnlyList<string> Strings(JsonElement e, string name) => [.. Items(e, name).Select(v => v.GetString()!)];
}
