using System.Globalization;
using System.Text;
using Sluice.LocalCloud.CloudFormation.Stacks;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.CloudFormation;

/// <summary>The query-protocol face of <see cref="CloudFormationService"/> (the host's region).</summary>
internal sealed partial class CloudFormationHandler(CloudFormationService cloudFormation) : IAwsServiceHandler
{
    private const string Namespace = "http://cloudformation.amazonaws.com/doc/2010-05-15/";

    private static readonly HashSet<string> s_actions = new(StringComparer.Ordinal)
    {
        "ValidateTemplate", "CreateStack", "UpdateStack", "DeleteStack", "DescribeStacks", "ListStacks", "DescribeStackEvents",
        "DescribeStackResource", "DescribeStackResources", "ListStackResources", "GetTemplate", "GetTemplateSummary",
        "CreateChangeSet", "DescribeChangeSet", "ExecuteChangeSet", "DeleteChangeSet", "ListChangeSets", "ListExports", "ListImports",
        "DetectStackDrift", "DescribeStackDriftDetectionStatus", "DescribeStackResourceDrifts", "DetectStackResourceDrift",
        "CancelUpdateStack", "UpdateTerminationProtection",
    };

    public string SigningName => "cloudformation";

    public IReadOnlyList<string> TargetPrefixes { get; } = [];

    public string? QueryVersion => "2010-05-15";

    public string QueryNamespace => Namespace;

    public string JsonContentType => "application/x-amz-json-1.0";

    public string JsonErrorPrefix => "";

    public bool KnowsQueryAction(string action) => s_actions.Contains(action);

    public string? ModelName => "cloudformation";

    /// <summary>CloudFormation answers request validation with <c>ValidationError</c>.</summary>
    public AwsServiceException? Refuse(IReadOnlyList<ModelViolation> violations) =>
        CloudFormationErrors.Validation(ModelViolation.Message(violations));

    public async ValueTask<AwsResponse> HandleAsync(AwsRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await HandleActionAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // On a data directory, what the request changed is on disk before it is answered.
            cloudFormation.Commit();
        }
    }

    private async ValueTask<AwsResponse> HandleActionAsync(AwsRequest request, CancellationToken cancellationToken)
    {
        if (request.Protocol != AwsProtocol.Query)
        {
            throw new AwsServiceException("UnknownOperationException", "CloudFormation speaks the query protocol only");
        }
        var q = request.Query;
        var xml = new StringBuilder();
        switch (request.Action)
        {
            case "ValidateTemplate":
                WriteValidation(xml, await cloudFormation.ValidateTemplateAsync(q["TemplateBody"], q["TemplateURL"], cancellationToken).ConfigureAwait(false), summary: false);
                break;
            case "GetTemplateSummary":
                WriteValidation(xml, await cloudFormation.TemplateSummaryAsync(q["TemplateBody"], q["TemplateURL"], q["StackName"], cancellationToken).ConfigureAwait(false), summary: true);
                break;
            case "CreateStack":
                xml.Element("StackId", await cloudFormation.CreateStackAsync(Input(q), cancellationToken).ConfigureAwait(false));
                break;
            case "UpdateStack":
                xml.Element("StackId", await cloudFormation.UpdateStackAsync(Input(q), cancellationToken).ConfigureAwait(false));
                break;
            case "DeleteStack":
                cloudFormation.DeleteStack(Required(q, "StackName"), q.List("RetainResources.member"));
                break;
            case "CancelUpdateStack":
                cloudFormation.CancelUpdate(Required(q, "StackName"));
                break;
            case "UpdateTerminationProtection":
                xml.Element("StackId", cloudFormation.SetTerminationProtection(Required(q, "StackName"), Bool(q, "EnableTerminationProtection") ?? false));
                break;
            case "DescribeStacks":
                WriteStacks(xml, cloudFormation.Describe(q["StackName"]));
                break;
            case "ListStacks":
                WriteStackSummaries(xml, q.List("StackStatusFilter.member"));
                break;
            case "DescribeStackEvents":
                WriteEvents(xml, cloudFormation.Stack(Required(q, "StackName")));
                break;
            case "DescribeStackResource":
                WriteResourceDetail(xml, cloudFormation.Stack(Required(q, "StackName")), Required(q, "LogicalResourceId"));
                break;
            case "DescribeStackResources":
                WriteResources(xml, q["StackName"], q["LogicalResourceId"], q["PhysicalResourceId"]);
                break;
            case "ListStackResources":
                WriteResourceSummaries(xml, cloudFormation.Stack(Required(q, "StackName")));
                break;
            case "GetTemplate":
                WriteTemplate(xml, q);
                break;
            case "CreateChangeSet":
                var (id, stackId) = await cloudFormation.CreateChangeSetAsync(Required(q, "ChangeSetName"), q["ChangeSetType"] ?? "UPDATE", Input(q), q["Description"], cancellationToken).ConfigureAwait(false);
                xml.Element("Id", id).Element("StackId", stackId);
                break;
            case "DescribeChangeSet":
                WriteChangeSet(xml, cloudFormation.ChangeSet(Required(q, "ChangeSetName"), q["StackName"]));
                break;
            case "ExecuteChangeSet":
                await cloudFormation.ExecuteChangeSetAsync(Required(q, "ChangeSetName"), q["StackName"], Bool(q, "DisableRollback"), cancellationToken).ConfigureAwait(false);
                break;
            case "DeleteChangeSet":
                cloudFormation.DeleteChangeSet(Required(q, "ChangeSetName"), q["StackName"]);
                break;
            case "ListChangeSets":
                WriteChangeSetSummaries(xml, cloudFormation.ChangeSets(Required(q, "StackName")));
                break;
            case "ListExports":
                xml.Append("<Exports>");
                foreach (var (exporter, name, value) in cloudFormation.Exports())
                {
                    xml.Append("<member>").Element("ExportingStackId", exporter).Element("Name", name).Element("Value", value).Append("</member>");
                }
                xml.Append("</Exports>");
                break;
            case "ListImports":
                xml.Append("<Imports>");
                foreach (var importer in cloudFormation.ImportsOf(Required(q, "ExportName")))
                {
                    xml.Element("member", importer);
                }
                xml.Append("</Imports>");
                break;
            case "DetectStackDrift":
                xml.Element("StackDriftDetectionId", await cloudFormation.DetectDriftAsync(Required(q, "StackName"), q.List("LogicalResourceIds.member"), cancellationToken).ConfigureAwait(false));
                break;
            case "DetectStackResourceDrift":
                var stackName = Required(q, "StackName");
                var logicalId = Required(q, "LogicalResourceId");
                await cloudFormation.DetectDriftAsync(stackName, [logicalId], cancellationToken).ConfigureAwait(false);
                xml.Append("<StackResourceDrift>");
                WriteDrift(xml, cloudFormation.Stack(stackName), cloudFormation.Stack(stackName).Resources.First(r => r.Resource.LogicalId == logicalId));
                xml.Append("</StackResourceDrift>");
                break;
            case "DescribeStackDriftDetectionStatus":
                WriteDriftStatus(xml, Required(q, "StackDriftDetectionId"));
                break;
            case "DescribeStackResourceDrifts":
                WriteDrifts(xml, cloudFormation.Stack(Required(q, "StackName")), q.List("StackResourceDriftStatusFilters.member"));
                break;
        }
        return AwsResponse.Xml(XmlText.Envelope(request.Action, Namespace, request.RequestId, xml.ToString()));
    }

    private static string Required(QueryParameters q, string name) =>
        q[name] is { Length: > 0 } value ? value : throw CloudFormationErrors.Validation($"1 validation error detected: Value null at '{char.ToLowerInvariant(name[0])}{name[1..]}' failed to satisfy constraint: Member must not be null");

    private static bool? Bool(QueryParameters q, string name) => q[name] switch
    {
        null => null,
        var v when bool.TryParse(v, out var b) => b,
        var v => throw CloudFormationErrors.Validation($"{name}: '{v}' is not a boolean"),
    };

    private static StackInput Input(QueryParameters q) => new()
    {
        StackName = Required(q, "StackName"),
        TemplateBody = q["TemplateBody"],
        TemplateUrl = q["TemplateURL"],
        UsePreviousTemplate = Bool(q, "UsePreviousTemplate") ?? false,
        Parameters = q.IndexedPrefixes("Parameters.member").Select(p => new ParameterInput(
            q[p + "ParameterKey"] ?? throw CloudFormationErrors.Validation("A parameter without ParameterKey was given"),
            q[p + "ParameterValue"],
            bool.TryParse(q[p + "UsePreviousValue"], out var previous) && previous)).ToList(),
        Capabilities = q.List("Capabilities.member"),
        Tags = q.IndexedPrefixes("Tags.member").Select(p => new KeyValuePair<string, string>(q[p + "Key"] ?? "", q[p + "Value"] ?? "")).ToList() is { Count: > 0 } tags
            ? tags : q["Tags"] is not null ? [] : null,
        NotificationArns = q.List("NotificationARNs.member") is { Count: > 0 } arns ? arns : null,
        DisableRollback = Bool(q, "DisableRollback") ?? false,
        OnFailure = q["OnFailure"],
        TimeoutInMinutes = q["TimeoutInMinutes"] is { } minutes ? int.Parse(minutes, NumberStyles.None, CultureInfo.InvariantCulture) : null,
        EnableTerminationProtection = Bool(q, "EnableTerminationProtection") ?? false,
        RevertDrift = q["DeploymentMode"] switch
        {
            null => false,
            "REVERT_DRIFT" => true,
            var mode => throw CloudFormationErrors.Validation($"1 validation error detected: Value '{mode}' at 'deploymentMode' failed to satisfy constraint: Member must satisfy enum value set: [REVERT_DRIFT]"),
        },
    };

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
