using System.Text;
using System.Text.Json.Nodes;

namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>
/// On a data directory: a stack's delivery streams and state machines that the directory does not hold
/// (one written by a host that did not keep those services yet) are created again at start from what
/// their stack recorded, under the names they had, so the stack describes resources that exist.
/// </summary>
internal sealed partial class StackDeployer
{
    /// <summary>Whether a resource of this type is looked for at start and created again when missing.</summary>
    public static bool Restorable(string type) =>
        type is ResourceTypes.DeliveryStream or ResourceTypes.StateMachine or ResourceTypes.ServerlessStateMachine;

    /// <summary>Creates <paramref name="recorded"/> again, when its service does not have it, with the properties it was last deployed with and its recorded name.</summary>
    /// <returns>Whether it was missing and is created again.</returns>
    public async Task<bool> RestoreAsync(TemplateResource resource, DeployedResource recorded, CancellationToken cancellationToken)
    {
        var properties = recorded.Properties?.DeepClone() as JsonObject ?? [];
        var where = resource.Where + ".Properties";
        var created = false;
        try
        {
            switch (resource.Type)
            {
                case ResourceTypes.DeliveryStream:
                    if (_targets.Firehose?.Exists(recorded.PhysicalId) is false)
                    {
                        properties["DeliveryStreamName"] = recorded.PhysicalId;
                        DeliveryStream(resource, properties, where);
                        created = true;
                    }
                    break;
                case ResourceTypes.StateMachine or ResourceTypes.ServerlessStateMachine:
                    var request = new JsonObject { ["stateMachineArn"] = recorded.PhysicalId };
                    var described = await _targets.StepFunctions.HandleAsync("DescribeStateMachine", Encoding.UTF8.GetBytes(request.ToJsonString()), cancellationToken).ConfigureAwait(false);
                    if (described.StatusCode != 200 && recorded.Attributes.TryGetValue("Name", out var name))
                    {
                        properties[StateMachineNames.Of(resource.Type).Name] = name;
                        await StateMachineAsync(resource, properties, where, cancellationToken).ConfigureAwait(false);
                        created = true;
                    }
                    break;
                default:
                    throw new TemplateException($"{resource.Where}: {resource.Type} is kept by the data directory and is not created again");
            }
        }
        catch (Protocol.AwsServiceException e)
        {
            throw new TemplateException($"{resource.Where}: {resource.Type} {recorded.PhysicalId} could not be created again: {e.Code}: {e.Message}");
        }
        _deployed[resource.LogicalId] = recorded;
        return created;
    }
}
