using Sluice.LocalCloud.CloudFormation.Stacks;
using Sluice.LocalCloud.CloudFormation.Template;

namespace Sluice.LocalCloud.CloudFormation;

internal sealed partial class CloudFormationService
{
    /// <summary>The stack as the start-up summary shows it: resources in creation order (condition-false ones listed), and the outputs.</summary>
    public DeployedStack Deployed(StackRecord stack)
    {
        var template = Reload(stack);
        lock (_gate)
        {
            var byId = stack.Resources.ToDictionary(r => r.Resource.LogicalId, r => r.Resource, StringComparer.Ordinal);
            var resources = template.Resources.Select(r => byId.TryGetValue(r.LogicalId, out var deployed) ? deployed
                : new DeployedResource(r.LogicalId, r.Type, ResourceStatus.ConditionFalse, "", new Dictionary<string, string>()) { Note = $"condition {r.Condition} is false" })
                .ToList();
            return new DeployedStack(template, resources, stack.Outputs.ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal));
        }
    }

    /// <summary>Why a stack operation failed: the first resource failure's reason, else the stack's.</summary>
    public string FailureOf(StackRecord stack)
    {
        lock (_gate)
        {
            var failed = stack.Events.FirstOrDefault(e => e.ResourceStatus.EndsWith("_FAILED", StringComparison.Ordinal) && e.ResourceType != "AWS::CloudFormation::Stack");
            var stackReason = stack.Events.LastOrDefault(e => e.ResourceType == "AWS::CloudFormation::Stack" && e.ResourceStatusReason is not null and not "User Initiated");
            return failed?.ResourceStatusReason ?? stackReason?.ResourceStatusReason ?? stack.StatusReason ?? stack.Status;
        }
    }
}
