using System.Text;
using Sluice.LocalCloud.CloudFormation.Stacks;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.CloudFormation;

internal sealed partial class CloudFormationHandler
{
    private void WriteDriftStatus(StringBuilder xml, string id)
    {
        var detection = cloudFormation.Detection(id);
        xml.Element("StackId", detection.StackId).Element("StackDriftDetectionId", id).Element("StackDriftStatus", detection.StackDriftStatus)
            .Element("DetectionStatus", "DETECTION_COMPLETE")
            .Element("DriftedStackResourceCount", detection.Drifted.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Element("Timestamp", Time(detection.At));
    }

    private void WriteDrifts(StringBuilder xml, StackRecord stack, List<string> filter) => cloudFormation.Read((_, _) =>
    {
        xml.Append("<StackResourceDrifts>");
        foreach (var r in stack.Resources.Where(r => r.LastDriftCheck is not null && (filter.Count == 0 || filter.Contains(r.DriftStatus))))
        {
            xml.Append("<member>");
            WriteDrift(xml, stack, r);
            xml.Append("</member>");
        }
        xml.Append("</StackResourceDrifts>");
        return 0;
    });

    private static void WriteDrift(StringBuilder xml, StackRecord stack, StackResourceRecord r)
    {
        xml.Element("StackId", stack.StackId).Element("LogicalResourceId", r.Resource.LogicalId).Element("PhysicalResourceId", r.Resource.PhysicalId)
            .Element("ResourceType", r.Resource.Type).Element("ExpectedProperties", r.Resource.Properties?.ToJsonString())
            .Element("ActualProperties", r.ActualProperties);
        xml.Append("<PropertyDifferences>");
        foreach (var d in r.Differences)
        {
            xml.Append("<member>").Element("PropertyPath", d.PropertyPath).Element("ExpectedValue", d.ExpectedValue).Element("ActualValue", d.ActualValue)
                .Element("DifferenceType", d.DifferenceType).Append("</member>");
        }
        xml.Append("</PropertyDifferences>").Element("StackResourceDriftStatus", r.DriftStatus).Element("Timestamp", Time(r.LastDriftCheck ?? DateTimeOffset.UtcNow));
    }
}
