using System.Text;
using Sluice.LocalCloud.CloudFormation.Stacks;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.CloudFormation;

/// <summary>The answers' XML, in the members and order of the service's model; written under the service's lock.</summary>
internal sealed partial class CloudFormationHandler
{
    private void WriteStacks(StringBuilder xml, List<StackRecord> stacks) => cloudFormation.Read((_, _) =>
    {
        xml.Append("<Stacks>");
        foreach (var s in stacks)
        {
            xml.Append("<member>").Element("StackId", s.StackId).Element("StackName", s.StackName).Element("ChangeSetId", s.ChangeSetId)
                .Element("Description", s.Description);
            xml.Append("<Parameters>");
            foreach (var p in s.Parameters)
            {
                xml.Append("<member>").Element("ParameterKey", p.Key).Element("ParameterValue", p.NoEcho ? "****" : p.Value).Append("</member>");
            }
            xml.Append("</Parameters>");
            xml.Element("CreationTime", Time(s.CreationTime));
            if (s.DeletionTime is { } deleted)
            {
                xml.Element("DeletionTime", Time(deleted));
            }
            if (s.LastUpdatedTime is { } updated)
            {
                xml.Element("LastUpdatedTime", Time(updated));
            }
            xml.Append("<RollbackConfiguration/>").Element("StackStatus", s.Status).Element("StackStatusReason", s.StatusReason)
                .Element("DisableRollback", s.DisableRollback ? "true" : "false");
            xml.Append("<NotificationARNs>");
            foreach (var arn in s.NotificationArns)
            {
                xml.Element("member", arn);
            }
            xml.Append("</NotificationARNs>");
            if (s.TimeoutInMinutes is { } timeout)
            {
                xml.Element("TimeoutInMinutes", timeout.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            if (s.Capabilities.Count > 0)
            {
                xml.Append("<Capabilities>");
                foreach (var c in s.Capabilities)
                {
                    xml.Element("member", c);
                }
                xml.Append("</Capabilities>");
            }
            if (s.Outputs.Count > 0)
            {
                xml.Append("<Outputs>");
                foreach (var o in s.Outputs)
                {
                    xml.Append("<member>").Element("OutputKey", o.Key).Element("OutputValue", o.Value).Element("Description", o.Description)
                        .Element("ExportName", o.ExportName).Append("</member>");
                }
                xml.Append("</Outputs>");
            }
            WriteTags(xml, s.Tags);
            xml.Element("EnableTerminationProtection", s.EnableTerminationProtection ? "true" : "false");
            WriteDriftInformation(xml, "StackDriftStatus", s.DriftStatus, s.LastDriftCheck);
            xml.Append("</member>");
        }
        xml.Append("</Stacks>");
        return 0;
    });

    private static void WriteTags(StringBuilder xml, List<KeyValuePair<string, string>> tags)
    {
        xml.Append("<Tags>");
        foreach (var (key, value) in tags)
        {
            xml.Append("<member>").Element("Key", key).Element("Value", value).Append("</member>");
        }
        xml.Append("</Tags>");
    }

    private static void WriteDriftInformation(StringBuilder xml, string statusName, string status, DateTimeOffset? checkedAt)
    {
        xml.Append("<DriftInformation>").Element(statusName, status);
        if (checkedAt is { } at)
        {
            xml.Element("LastCheckTimestamp", Time(at));
        }
        xml.Append("</DriftInformation>");
    }

    private void WriteStackSummaries(StringBuilder xml, List<string> filter) => cloudFormation.Read((stacks, _) =>
    {
        xml.Append("<StackSummaries>");
        foreach (var s in Enumerable.Reverse(stacks).Where(s => filter.Count == 0 || filter.Contains(s.Status)))
        {
            xml.Append("<member>").Element("StackId", s.StackId).Element("StackName", s.StackName).Element("TemplateDescription", s.Description)
                .Element("CreationTime", Time(s.CreationTime));
            if (s.LastUpdatedTime is { } updated)
            {
                xml.Element("LastUpdatedTime", Time(updated));
            }
            if (s.DeletionTime is { } deleted)
            {
                xml.Element("DeletionTime", Time(deleted));
            }
            xml.Element("StackStatus", s.Status).Element("StackStatusReason", s.StatusReason);
            WriteDriftInformation(xml, "StackDriftStatus", s.DriftStatus, s.LastDriftCheck);
            xml.Append("</member>");
        }
        xml.Append("</StackSummaries>");
        return 0;
    });

    private void WriteEvents(StringBuilder xml, StackRecord stack) => cloudFormation.Read((_, _) =>
    {
        xml.Append("<StackEvents>");
        foreach (var e in Enumerable.Reverse(stack.Events))
        {
            xml.Append("<member>").Element("StackId", e.StackId).Element("EventId", e.EventId).Element("StackName", e.StackName)
                .Element("LogicalResourceId", e.LogicalResourceId).Element("PhysicalResourceId", e.PhysicalResourceId)
                .Element("ResourceType", e.ResourceType).Element("Timestamp", Time(e.Timestamp)).Element("ResourceStatus", e.ResourceStatus)
                .Element("ResourceStatusReason", e.ResourceStatusReason).Element("ResourceProperties", e.ResourceProperties).Append("</member>");
        }
        xml.Append("</StackEvents>");
        return 0;
    });

    private void WriteResourceDetail(StringBuilder xml, StackRecord stack, string logicalId) => cloudFormation.Read((_, _) =>
    {
        var r = stack.Resources.FirstOrDefault(r => r.Resource.LogicalId == logicalId)
            ?? throw CloudFormationErrors.Validation($"Resource {logicalId} does not exist for stack {stack.StackName}");
        xml.Append("<StackResourceDetail>").Element("StackName", stack.StackName).Element("StackId", stack.StackId)
            .Element("LogicalResourceId", r.Resource.LogicalId).Element("PhysicalResourceId", r.Resource.PhysicalId)
            .Element("ResourceType", r.Resource.Type).Element("LastUpdatedTimestamp", Time(r.LastUpdated))
            .Element("ResourceStatus", r.Status).Element("ResourceStatusReason", r.StatusReason).Element("Metadata", "{}");
        WriteDriftInformation(xml, "StackResourceDriftStatus", r.DriftStatus, r.LastDriftCheck);
        xml.Append("</StackResourceDetail>");
        return 0;
    });

    private void WriteResources(StringBuilder xml, string? stackName, string? logicalId, string? physicalId) => cloudFormation.Read((stacks, _) =>
    {
        if (stackName is null && physicalId is null)
        {
            throw CloudFormationErrors.Validation("Either StackName or PhysicalResourceId must be specified.");
        }
        var stack = stackName is not null ? cloudFormation.Stack(stackName)
            : stacks.LastOrDefault(s => !s.IsDeleted && s.Resources.Any(r => r.Resource.PhysicalId == physicalId))
              ?? throw CloudFormationErrors.Validation($"Stack for {physicalId} does not exist");
        xml.Append("<StackResources>");
        foreach (var r in stack.Resources.Where(r => (logicalId is null || r.Resource.LogicalId == logicalId) && (physicalId is null || r.Resource.PhysicalId == physicalId)))
        {
            xml.Append("<member>").Element("StackName", stack.StackName).Element("StackId", stack.StackId)
                .Element("LogicalResourceId", r.Resource.LogicalId).Element("PhysicalResourceId", r.Resource.PhysicalId)
                .Element("ResourceType", r.Resource.Type).Element("Timestamp", Time(r.LastUpdated))
                .Element("ResourceStatus", r.Status).Element("ResourceStatusReason", r.StatusReason);
            WriteDriftInformation(xml, "StackResourceDriftStatus", r.DriftStatus, r.LastDriftCheck);
            xml.Append("</member>");
        }
        xml.Append("</StackResources>");
        return 0;
    });

    private void WriteResourceSummaries(StringBuilder xml, StackRecord stack) => cloudFormation.Read((_, _) =>
    {
        xml.Append("<StackResourceSummaries>");
        foreach (var r in stack.Resources)
        {
            xml.Append("<member>").Element("LogicalResourceId", r.Resource.LogicalId).Element("PhysicalResourceId", r.Resource.PhysicalId)
                .Element("ResourceType", r.Resource.Type).Element("LastUpdatedTimestamp", Time(r.LastUpdated))
                .Element("ResourceStatus", r.Status).Element("ResourceStatusReason", r.StatusReason);
            WriteDriftInformation(xml, "StackResourceDriftStatus", r.DriftStatus, r.LastDriftCheck);
            xml.Append("</member>");
        }
        xml.Append("</StackResourceSummaries>");
        return 0;
    });

    private void WriteTemplate(StringBuilder xml, QueryParameters q)
    {
        if (q["ChangeSetName"] is { } changeSetName)
        {
            var changeSet = cloudFormation.ChangeSet(changeSetName, q["StackName"]);
            xml.Element("TemplateBody", changeSet.Input.TemplateBody ?? cloudFormation.Stack(changeSet.StackId).TemplateBody);
        }
        else
        {
            var stack = cloudFormation.Stack(Required(q, "StackName"));
            xml.Element("TemplateBody", q["TemplateStage"] == "Processed" ? cloudFormation.ProcessedTemplate(stack) : stack.TemplateBody);
        }
        xml.Append("<StagesAvailable><member>Original</member><member>Processed</member></StagesAvailable>");
    }

    private void WriteChangeSet(StringBuilder xml, ChangeSetRecord c) => cloudFormation.Read((_, _) =>
    {
        xml.Append("<Changes>");
        foreach (var change in c.Changes)
        {
            xml.Append("<member><Type>Resource</Type><ResourceChange>").Element("Action", change.Action)
                .Element("LogicalResourceId", change.LogicalResourceId).Element("PhysicalResourceId", change.PhysicalResourceId)
                .Element("ResourceType", change.ResourceType).Element("Replacement", change.Replacement)
                .Element("ResourceDriftStatus", change.DriftStatus);
            xml.Append("<Scope>");
            foreach (var scope in change.Scope)
            {
                xml.Element("member", scope);
            }
            xml.Append("</Scope><Details>");
            foreach (var d in change.Details)
            {
                xml.Append("<member><Target>").Element("Attribute", d.Attribute).Element("Name", d.Name).Element("RequiresRecreation", d.RequiresRecreation);
                if (d.Drift is { } drift)
                {
                    xml.Element("Path", "/Properties/" + d.Name).Element("BeforeValue", drift.ActualValue).Element("AfterValue", drift.PreviousValue)
                        .Element("BeforeValueFrom", "ACTUAL_STATE").Element("AfterValueFrom", "TEMPLATE").Element("AttributeChangeType", "Modify")
                        .Append("<Drift>").Element("PreviousValue", drift.PreviousValue).Element("ActualValue", drift.ActualValue)
                        .Element("DriftDetectionTimestamp", Time(drift.DetectedAt)).Append("</Drift>");
                }
                xml.Append("</Target>").Element("Evaluation", d.Evaluation).Element("ChangeSource", d.ChangeSource).Element("CausingEntity", d.CausingEntity)
                    .Append("</member>");
            }
            xml.Append("</Details></ResourceChange></member>");
        }
        xml.Append("</Changes>");
        xml.Element("ChangeSetName", c.ChangeSetName).Element("ChangeSetId", c.ChangeSetId).Element("StackId", c.StackId).Element("StackName", c.StackName)
            .Element("Description", c.Description);
        xml.Append("<Parameters>");
        foreach (var p in c.Parameters)
        {
            xml.Append("<member>").Element("ParameterKey", p.Key).Element("ParameterValue", p.NoEcho ? "****" : p.Value).Append("</member>");
        }
        xml.Append("</Parameters>").Element("CreationTime", Time(c.CreationTime)).Element("ExecutionStatus", c.ExecutionStatus)
            .Element("Status", c.Status).Element("StatusReason", c.StatusReason).Append("<NotificationARNs/><RollbackConfiguration/>");
        if (c.Input.Capabilities.Count > 0)
        {
            xml.Append("<Capabilities>");
            foreach (var capability in c.Input.Capabilities)
            {
                xml.Element("member", capability);
            }
            xml.Append("</Capabilities>");
        }
        WriteTags(xml, [.. c.Input.Tags ?? []]);
        xml.Element("IncludeNestedStacks", "false");
        return 0;
    });

    private void WriteChangeSetSummaries(StringBuilder xml, List<ChangeSetRecord> changeSets) => cloudFormation.Read((_, _) =>
    {
        xml.Append("<Summaries>");
        foreach (var c in changeSets)
        {
            xml.Append("<member>").Element("StackId", c.StackId).Element("StackName", c.StackName).Element("ChangeSetId", c.ChangeSetId)
                .Element("ChangeSetName", c.ChangeSetName).Element("ExecutionStatus", c.ExecutionStatus).Element("Status", c.Status)
                .Element("StatusReason", c.StatusReason).Element("CreationTime", Time(c.CreationTime)).Element("Description", c.Description)
                .Element("IncludeNestedStacks", "false").Append("</member>");
        }
        xml.Append("</Summaries>");
        return 0;
    });

    private static void WriteValidation(StringBuilder xml, CloudFormationService.TemplateFacts facts, bool summary)
    {
        xml.Append("<Parameters>");
        foreach (var p in facts.Parameters)
        {
            xml.Append("<member>").Element("ParameterKey", p.Key).Element("DefaultValue", p.Default);
            if (summary)
            {
                xml.Element("ParameterType", p.Type);
            }
            xml.Element("NoEcho", p.NoEcho ? "true" : "false").Element("Description", p.Description);
            if (summary && p.AllowedValues.Count > 0)
            {
                xml.Append("<ParameterConstraints><AllowedValues>");
                foreach (var v in p.AllowedValues)
                {
                    xml.Element("member", v);
                }
                xml.Append("</AllowedValues></ParameterConstraints>");
            }
            xml.Append("</member>");
        }
        xml.Append("</Parameters>").Element("Description", facts.Description);
        if (facts.Capabilities.Count > 0)
        {
            xml.Append("<Capabilities>");
            foreach (var c in facts.Capabilities)
            {
                xml.Element("member", c);
            }
            xml.Append("</Capabilities>").Element("CapabilitiesReason", facts.CapabilitiesReason);
        }
        if (summary)
        {
            xml.Append("<ResourceTypes>");
            foreach (var t in facts.ResourceTypes)
            {
                xml.Element("member", t);
            }
            xml.Append("</ResourceTypes>").Element("Version", facts.Version);
        }
        xml.Append("<DeclaredTransforms>");
        foreach (var t in facts.Transforms)
        {
            xml.Element("member", t);
        }
        xml.Append("</DeclaredTransforms>");
    }
}
