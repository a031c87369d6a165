using System.Text.Json.Nodes;

namespace Sluice.LocalCloud.CloudFormation.Template;

/// <summary>KMS keys and aliases, created in the local cloud's KMS so functions can use them (GenerateMac, VerifyMac).</summary>
internal sealed partial class StackDeployer
{
    private DeployedResource KmsKey(TemplateResource resource, JsonObject properties, string where)
    {
        if (_targets.Kms is not { } kms)
        {
            return Acknowledged(resource, properties, where);
        }
        var key = kms.CreateKey(TemplateValues.OptionalText(properties, "KeySpec", where), TemplateValues.OptionalText(properties, "KeyUsage", where),
            TemplateValues.OptionalText(properties, "Description", where), TemplateValues.Tags(properties, where));
        if (TemplateValues.OptionalBool(properties, "Enabled", where) == false)
        {
            kms.DisableKey(key.Id);
        }
        return Created(resource, key.Id, ("Arn", key.Arn), ("KeyId", key.Id));
    }

    /// <summary>A key whose KeySpec or KeyUsage changes is a new key (AWS replaces it); other properties change in place.</summary>
    private DeployedResource UpdateKmsKey(TemplateResource resource, DeployedResource current, JsonObject previous, JsonObject properties, string where)
    {
        var kms = _targets.Kms!;
        if (KeyKind(previous, where) != KeyKind(properties, where))
        {
            var replaced = KmsKey(resource, properties, where);
            kms.ScheduleKeyDeletion(current.PhysicalId, PendingWindow(previous, where));
            return replaced;
        }
        kms.UpdateKeyDescription(current.PhysicalId, TemplateValues.OptionalText(properties, "Description", where) ?? "");
        if (TemplateValues.OptionalBool(properties, "Enabled", where) == false)
        {
            kms.DisableKey(current.PhysicalId);
        }
        else
        {
            kms.EnableKey(current.PhysicalId);
        }
        var tags = TemplateValues.Tags(properties, where);
        kms.UntagResource(current.PhysicalId, [.. kms.Key(current.PhysicalId, aliases: false).Tags.Keys.Where(k => !tags.ContainsKey(k))]);
        kms.TagResource(current.PhysicalId, [.. tags.Select(t => (t.Key, t.Value))]);
        return current;
    }

    private DeployedResource KmsAlias(TemplateResource resource, JsonObject properties, string where)
    {
        if (_targets.Kms is not { } kms)
        {
            return Acknowledged(resource, properties, where);
        }
        var name = TemplateValues.OptionalText(properties, "AliasName", where) ?? throw new TemplateException($"{where}: AliasName is required");
        var target = TemplateValues.OptionalText(properties, "TargetKeyId", where) ?? throw new TemplateException($"{where}: TargetKeyId is required");
        kms.CreateAlias(name, kms.Key(target).Id);
        return Created(resource, name);
    }

    private DeployedResource UpdateKmsAlias(DeployedResource current, JsonObject properties, string where)
    {
        var kms = _targets.Kms!;
        var target = TemplateValues.OptionalText(properties, "TargetKeyId", where) ?? throw new TemplateException($"{where}: TargetKeyId is required");
        kms.UpdateAlias(current.PhysicalId, kms.Key(target).Id);
        return current;
    }

    private void DeleteKms(DeployedResource resource)
    {
        if (_targets.Kms is not { } kms)
        {
            return;
        }
        if (resource.Type == ResourceTypes.KmsAlias)
        {
            kms.DeleteAlias(resource.PhysicalId);
        }
        else if (kms.Key(resource.PhysicalId, aliases: false).DeletionDate is null)
        {
            // CloudFormation deletes a key by scheduling its deletion (PendingWindowInDays, 30 by default).
            kms.ScheduleKeyDeletion(resource.PhysicalId, PendingWindow(resource.Properties ?? [], resource.LogicalId));
        }
    }

    private static string KeyKind(JsonObject properties, string where) =>
        (TemplateValues.OptionalText(properties, "KeySpec", where) ?? "SYMMETRIC_DEFAULT") + "/" + (TemplateValues.OptionalText(properties, "KeyUsage", where) ?? "");

    private static int? PendingWindow(JsonObject properties, string where) =>
        TemplateValues.OptionalInt(properties, "PendingWindowInDays", where);
}
