using System.Text;
using System.Text.Json.Nodes;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>Updates in place and deletions, each through the service's own operation.</summary>
internal sealed partial class StackDeployer
{
    private static readonly Dictionary<string, string> s_queueDefaults = new(StringComparer.Ordinal)
    {
        ["VisibilityTimeout"] = "30",
        ["MessageRetentionPeriod"] = "345600",
        ["DelaySeconds"] = "0",
        ["MaximumMessageSize"] = "262144",
        ["ReceiveMessageWaitTimeSeconds"] = "0",
        ["RedrivePolicy"] = "",
        ["RedriveAllowPolicy"] = "",
    };

    /// <summary>
    /// Applies new properties to an existing resource without replacing it (no create-only property
    /// changed); the resource keeps its physical id, its data and its position.
    /// </summary>
    public async Task<DeployedResource> UpdateAsync(TemplateResource resource, DeployedResource current, CancellationToken cancellationToken)
    {
        var properties = ResolveProperties(resource);
        var previous = current.Properties ?? [];
        var where = resource.Where + ".Properties";
        try
        {
            var updated = current.Status != ResourceStatus.Created
                ? await DeployAsync(resource, cancellationToken).ConfigureAwait(false)
                : resource.Type switch
                {
                    ResourceTypes.SqsQueue => UpdateQueue(current, properties, where),
                    ResourceTypes.SqsQueuePolicy => UpdateQueuePolicy(current, previous, properties, where),
                    ResourceTypes.SnsTopic => UpdateAttributes(current, previous, properties, s_topicAttributes, (n, v) => _targets.Sns.SetTopicAttribute(current.PhysicalId, n, v)),
                    ResourceTypes.SnsSubscription => UpdateAttributes(current, previous, properties, s_subscriptionAttributes, (n, v) => _targets.Sns.SetSubscriptionAttribute(current.PhysicalId, n, v)),
                    ResourceTypes.KinesisStream => UpdateStream(current, properties, where),
                    ResourceTypes.S3Bucket => UpdateBucket(resource, current, properties, where),
                    ResourceTypes.DeliveryStream => UpdateDeliveryStream(resource, current, previous, properties, where),
                    ResourceTypes.KmsKey => UpdateKmsKey(resource, current, previous, properties, where),
                    ResourceTypes.KmsAlias => UpdateKmsAlias(current, properties, where),
                    ResourceTypes.BucketPolicy => UpdateBucketPolicy(resource, current, properties, where),
                    ResourceTypes.ServerlessFunction or ResourceTypes.LambdaFunction => UpdateFunction(resource, current, properties, where),
                    ResourceTypes.EventSourceMapping => UpdateMapping(resource, current, properties, where),
                    ResourceTypes.LambdaAlias => await UpdateAliasAsync(resource, current, properties, where, cancellationToken).ConfigureAwait(false),
                    ResourceTypes.ServerlessStateMachine or ResourceTypes.StateMachine => await UpdateStateMachineAsync(resource, current, properties, where, cancellationToken).ConfigureAwait(false),
                    _ => await DeployAsync(resource, cancellationToken).ConfigureAwait(false),
                };
            updated = updated with { Properties = properties };
            _deployed[resource.LogicalId] = updated;
            return updated;
        }
        catch (AwsServiceException e)
        {
            throw new TemplateException($"{resource.Where}: {resource.Type} could not be updated: {e.Code}: {e.Message}");
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException or InvalidOperationException)
        {
            throw new TemplateException($"{resource.Where}: {resource.Type} could not be updated: {e.Message}");
        }
    }

    /// <summary>Deletes what the resource created; one that is already gone counts as deleted, as in AWS.</summary>
    public async Task DeleteAsync(DeployedResource resource, CancellationToken cancellationToken)
    {
        if (resource.Status != ResourceStatus.Created)
        {
            return;
        }
        try
        {
            switch (resource.Type)
            {
                case ResourceTypes.SqsQueue:
                    _targets.Sqs.DeleteQueue(resource.PhysicalId);
                    break;
                case ResourceTypes.SqsQueuePolicy:
                    foreach (var url in TemplateValues.StringList(resource.Properties ?? [], "Queues", resource.LogicalId))
                    {
                        Ignore(() => _targets.Sqs.SetQueueAttributes(url, new Dictionary<string, string> { ["Policy"] = "" }));
                    }
                    break;
                case ResourceTypes.SnsTopic:
                    _targets.Sns.DeleteTopic(resource.PhysicalId);
                    break;
                case ResourceTypes.SnsSubscription:
                    _targets.Sns.Unsubscribe(resource.PhysicalId);
                    break;
                case ResourceTypes.KinesisStream:
                    _targets.Kinesis.DeleteStream(resource.PhysicalId);
                    break;
                case ResourceTypes.S3Bucket:
                    DeleteBucket(resource);
                    break;
                case ResourceTypes.DeliveryStream:
                    _targets.Firehose?.DeleteDeliveryStream(resource.PhysicalId);
                    break;
                case ResourceTypes.KmsKey or ResourceTypes.KmsAlias:
                    DeleteKms(resource);
                    break;
                case ResourceTypes.BucketPolicy:
                    DeleteBucketPolicy(resource);
                    break;
                case ResourceTypes.ServerlessFunction or ResourceTypes.LambdaFunction:
                    _targets.Lambda?.DeleteFunction(resource.PhysicalId);
                    break;
                case ResourceTypes.LambdaVersion or ResourceTypes.LambdaAlias:
                    DeleteVersionOrAlias(resource);
                    break;
                case ResourceTypes.EventSourceMapping:
                    if (_targets.Lambda is { } lambda)
                    {
                        await lambda.DeleteEventSourceMappingAsync(resource.PhysicalId).ConfigureAwait(false);
                    }
                    break;
                case ResourceTypes.ServerlessStateMachine or ResourceTypes.StateMachine:
                    var request = new JsonObject { ["stateMachineArn"] = resource.PhysicalId };
                    var response = await _targets.StepFunctions.HandleAsync("DeleteStateMachine", Encoding.UTF8.GetBytes(request.ToJsonString()), cancellationToken).ConfigureAwait(false);
                    if (response.StatusCode != 200)
                    {
                        throw new TemplateException($"Step Functions refused to delete {resource.PhysicalId}: {response.Body}");
                    }
                    break;
            }
        }
        catch (AwsServiceException e) when (e.Code.Contains("NotFound", StringComparison.Ordinal) || e.Code.Contains("NonExistent", StringComparison.Ordinal))
        {
            // Deleted out of band: CloudFormation reports the deletion as complete.
        }
        catch (AwsServiceException e)
        {
            throw new TemplateException($"{e.Code}: {e.Message}");
        }
    }

    private static void Ignore(Action action)
    {
        try
        {
            action();
        }
        catch (AwsServiceException)
        {
            // The queue went first (deleted out of band or earlier in the same operation).
        }
    }

    private DeployedResource UpdateQueue(DeployedResource current, JsonObject properties, string where)
    {
        var attributes = Attributes(properties, s_queueAttributes, where);
        foreach (var (name, value) in s_queueDefaults)
        {
            attributes.TryAdd(name, value);
        }
        attributes.Remove("FifoQueue");
        _targets.Sqs.SetQueueAttributes(current.PhysicalId, attributes);
        return current;
    }

    private DeployedResource UpdateQueuePolicy(DeployedResource current, JsonObject previous, JsonObject properties, string where)
    {
        var policy = properties["PolicyDocument"] is { } document
            ? TemplateValues.JsonText(document, where + ".PolicyDocument")
            : throw new TemplateException($"{where}: PolicyDocument is required");
        var queues = TemplateValues.StringList(properties, "Queues", where);
        foreach (var url in TemplateValues.StringList(previous, "Queues", where).Except(queues))
        {
            Ignore(() => _targets.Sqs.SetQueueAttributes(url, new Dictionary<string, string> { ["Policy"] = "" }));
        }
        foreach (var url in queues)
        {
            _targets.Sqs.SetQueueAttributes(url, new Dictionary<string, string> { ["Policy"] = policy });
        }
        return current;
    }

    private static DeployedResource UpdateAttributes(DeployedResource current, JsonObject previous, JsonObject properties, IEnumerable<string> names, Action<string, string?> set)
    {
        foreach (var name in names)
        {
            var before = previous[name];
            var after = properties[name];
            if (!JsonNode.DeepEquals(before, after))
            {
                set(name, after is null ? null : TemplateValues.JsonText(after, name));
            }
        }
        return current;
    }

    private DeployedResource UpdateStream(DeployedResource current, JsonObject properties, string where)
    {
        var stream = _targets.Kinesis.Stream(current.PhysicalId, null);
        // A new shard count reshards the stream in place (UpdateShardCount, uniform scaling), as CloudFormation does.
        if (TemplateValues.OptionalInt(properties, "ShardCount", where) is { } shards && shards != stream.OpenShards.Count)
        {
            _targets.Kinesis.UpdateShardCount(stream, shards, "UNIFORM_SCALING");
        }
        var hours = TemplateValues.OptionalInt(properties, "RetentionPeriodHours", where) ?? 24;
        if (hours != stream.RetentionHours)
        {
            _targets.Kinesis.SetRetention(stream, hours, increase: hours > stream.RetentionHours);
        }
        return current;
    }

    private DeployedResource UpdateFunction(TemplateResource resource, DeployedResource current, JsonObject properties, string where)
    {
        var definition = FunctionDefinitionOf(resource, properties, where, current.PhysicalId);
        if (LambdaService(resource) is { } lambda)
        {
            lambda.UpdateFunction(definition);
        }
        return current;
    }

    private DeployedResource UpdateMapping(TemplateResource resource, DeployedResource current, JsonObject properties, string where)
    {
        var mapping = MappingDefinitionOf(current.PhysicalId, properties, where);
        LambdaService(resource)?.UpdateEventSourceMapping(mapping);
        return current;
    }

    private async Task<DeployedResource> UpdateStateMachineAsync(TemplateResource resource, DeployedResource current, JsonObject properties, string where, CancellationToken cancellationToken)
    {
        var request = StateMachineRequest(resource.Type, properties, where, current.Attributes["Name"]);
        request.Remove("name");
        request.Remove("type");
        request.Remove("tags");
        // A configuration the template no longer gives goes back to Step Functions' default, as CloudFormation sets it.
        request["loggingConfiguration"] ??= new JsonObject { ["level"] = "OFF", ["includeExecutionData"] = false, ["destinations"] = new JsonArray() };
        request["tracingConfiguration"] ??= new JsonObject { ["enabled"] = false };
        request["stateMachineArn"] = current.PhysicalId;
        var response = await _targets.StepFunctions.HandleAsync("UpdateStateMachine", Encoding.UTF8.GetBytes(request.ToJsonString()), cancellationToken).ConfigureAwait(false);
        var body = JsonNode.Parse(response.Body) as JsonObject;
        if (response.StatusCode != 200)
        {
            throw new TemplateException($"{resource.Where}: Step Functions refused the new definition of {current.PhysicalId}: {body?["__type"]}: {body?["message"]}");
        }
        var attributes = new Dictionary<string, string>(current.Attributes, StringComparer.Ordinal)
        {
            ["StateMachineRevisionId"] = body?["revisionId"]?.GetValue<string>() ?? InitialRevision,
        };
        return current with { Attributes = attributes };
    }
}
