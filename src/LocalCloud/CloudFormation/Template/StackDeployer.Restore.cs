using System.Text.Json.Nodes;

namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>
/// On a data directory: the resources of services that keep nothing on disk (Firehose delivery
/// streams) created again at start from what their stack recorded, under the names they had, so the
/// stack describes resources that exist.
/// </summary>
internal sealed partial class StackDeployer
{
    /// <summary>Whether a resource of this type lives in a service the data directory does not keep.</summary>
    public static bool Restorable(string type) =>
        type is ResourceTypes.DeliveryStream;

    /// <summary>Creates <paramref name="recorded"/> again with the properties it was last deployed with and its recorded name.</summary>
    public Task RestoreAsync(TemplateResource resource, DeployedResource recorded, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var properties = recorded.Properties?.DeepClone() as JsonObject ?? [];
        var where = resource.Where + ".Properties";
        try
        {
            switch (resource.Type)
            {
                case ResourceTypes.DeliveryStream:
                    properties["DeliveryStreamName"] = recorded.PhysicalId;
                    DeliveryStream(resource, properties, where);
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
        return Task.CompletedTask;
    }
}
