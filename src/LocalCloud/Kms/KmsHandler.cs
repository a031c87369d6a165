using System.Text.Json;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Kms;

/// <summary>The AWS JSON 1.1 face of <see cref="KmsService"/> (<c>X-Amz-Target: TrentService.*</c>).</summary>
internal sealed class KmsHandler(Func<string, KmsService> kmsFor) : IAwsServiceHandler
{
    /// <summary>The operations <c>Dispatch</c> serves; each request for one is held to the kms model first.</summary>
    internal static IReadOnlySet<string> Operations { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "CancelKeyDeletion", "CreateAlias", "CreateKey", "DeleteAlias", "DescribeKey", "DisableKey", "EnableKey",
        "GenerateMac", "ListAliases", "ListKeys", "ListResourceTags", "ScheduleKeyDeletion", "TagResource",
        "UntagResource", "UpdateAlias", "UpdateKeyDescription", "VerifyMac",
    };

    public string SigningName => "kms";

    public IReadOnlyList<string> TargetPrefixes { get; } = ["TrentService"];

    public string? QueryVersion => null;

    public string QueryNamespace => "";

    public string JsonContentType => "application/x-amz-json-1.1";

    public string JsonErrorPrefix => "";

    public bool KnowsQueryAction(string action) => false;

    public string? ModelName => "kms";

    public bool Serves(string action) => Operations.Contains(action);

    public ValueTask<AwsResponse> HandleAsync(AwsRequest request, CancellationToken cancellationToken)
    {
        using var document = JsonInput.ParseDocument(request.Body);
        var input = new JsonInput(document.RootElement);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            Dispatch(kmsFor(request.Region), request.Action, input, w);
            w.WriteEndObject();
        }
        return ValueTask.FromResult(new AwsResponse(200, JsonContentType, buffer.ToArray()));
    }

    private static void Dispatch(KmsService kms, string action, JsonInput input, Utf8JsonWriter w)
    {
        switch (action)
        {
            case "CreateKey":
                var tags = input.Array("Tags")?.Select(t => (t.String("TagKey") ?? throw KmsErrors.Missing("tags.member.tagKey"), t.String("TagValue") ?? throw KmsErrors.Missing("tags.member.tagValue")))
                    .ToDictionary(t => t.Item1, t => t.Item2, StringComparer.Ordinal);
                WriteMetadata(w, kms, kms.CreateKey(input.String("KeySpec") ?? input.String("CustomerMasterKeySpec"), input.String("KeyUsage"), input.String("Description"), tags));
                break;
            case "DescribeKey":
                WriteMetadata(w, kms, kms.Key(input.String("KeyId")));
                break;
            case "ListKeys":
                var (keys, next) = kms.ListKeys(input.Int("Limit"), input.String("Marker"));
                w.WriteStartArray("Keys");
                foreach (var key in keys)
                {
                    w.WriteStartObject();
                    w.WriteString("KeyId", key.Id);
                    w.WriteString("KeyArn", key.Arn);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                WritePage(w, next);
                break;
            case "EnableKey":
                kms.EnableKey(input.String("KeyId"));
                break;
            case "DisableKey":
                kms.DisableKey(input.String("KeyId"));
                break;
            case "UpdateKeyDescription":
                kms.UpdateKeyDescription(input.String("KeyId"), input.String("Description"));
                break;
            case "ScheduleKeyDeletion":
                var scheduled = kms.ScheduleKeyDeletion(input.String("KeyId"), input.Int("PendingWindowInDays"));
                w.WriteString("KeyId", scheduled.Arn);
                w.WriteNumber("DeletionDate", scheduled.DeletionDate!.Value.ToUnixTimeMilliseconds() / 1000.0);
                w.WriteString("KeyState", scheduled.State);
                w.WriteNumber("PendingWindowInDays", scheduled.PendingWindowInDays!.Value);
                break;
            case "CancelKeyDeletion":
                w.WriteString("KeyId", kms.CancelKeyDeletion(input.String("KeyId")).Arn);
                break;
            case "CreateAlias":
                kms.CreateAlias(input.String("AliasName"), input.String("TargetKeyId"));
                break;
            case "UpdateAlias":
                kms.UpdateAlias(input.String("AliasName"), input.String("TargetKeyId"));
                break;
            case "DeleteAlias":
                kms.DeleteAlias(input.String("AliasName"));
                break;
            case "ListAliases":
                var (aliases, more) = kms.ListAliases(input.String("KeyId"), input.Int("Limit"), input.String("Marker"));
                w.WriteStartArray("Aliases");
                foreach (var (name, arn, keyId) in aliases)
                {
                    w.WriteStartObject();
                    w.WriteString("AliasName", name);
                    w.WriteString("AliasArn", arn);
                    w.WriteString("TargetKeyId", keyId);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                WritePage(w, more);
                break;
            case "TagResource":
                kms.TagResource(input.String("KeyId"), input.Array("Tags")?.Select(t => (t.String("TagKey") ?? throw KmsErrors.Missing("tags.member.tagKey"), t.String("TagValue") ?? throw KmsErrors.Missing("tags.member.tagValue"))).ToList()
                    ?? throw KmsErrors.Missing("tags"));
                break;
            case "UntagResource":
                kms.UntagResource(input.String("KeyId"), input.StringList("TagKeys") ?? throw KmsErrors.Missing("tagKeys"));
                break;
            case "ListResourceTags":
                var tagged = kms.Key(input.String("KeyId"), aliases: false);
                w.WriteStartArray("Tags");
                foreach (var (name, value) in tagged.Tags.OrderBy(t => t.Key, StringComparer.Ordinal))
                {
                    w.WriteStartObject();
                    w.WriteString("TagKey", name);
                    w.WriteString("TagValue", value);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteBoolean("Truncated", false);
                break;
            case "GenerateMac":
                var algorithm = input.String("MacAlgorithm");
                var (macKey, mac) = kms.GenerateMac(input.String("KeyId"), input.Blob("Message"), algorithm);
                w.WriteBase64String("Mac", mac);
                w.WriteString("MacAlgorithm", algorithm);
                w.WriteString("KeyId", macKey.Arn);
                break;
            case "VerifyMac":
                var verifyAlgorithm = input.String("MacAlgorithm");
                var verified = kms.VerifyMac(input.String("KeyId"), input.Blob("Message"), verifyAlgorithm, input.Blob("Mac"));
                w.WriteString("KeyId", verified.Arn);
                w.WriteBoolean("MacValid", true);
                w.WriteString("MacAlgorithm", verifyAlgorithm);
                break;
            default:
                throw new AwsServiceException("UnknownOperationException", $"Operation {action} is not served by the local cloud's KMS (it serves keys, aliases, tags and GenerateMac/VerifyMac).");
        }
    }

    private static void WritePage(Utf8JsonWriter w, string? next)
    {
        if (next is not null)
        {
            w.WriteString("NextMarker", next);
        }
        w.WriteBoolean("Truncated", next is not null);
    }

    private static void WriteMetadata(Utf8JsonWriter w, KmsService kms, KmsKey key)
    {
        w.WriteStartObject("KeyMetadata");
        w.WriteString("AWSAccountId", kms.Options.AccountId);
        w.WriteString("KeyId", key.Id);
        w.WriteString("Arn", key.Arn);
        w.WriteNumber("CreationDate", key.Created.ToUnixTimeMilliseconds() / 1000.0);
        w.WriteBoolean("Enabled", key.Enabled);
        w.WriteString("Description", key.Description);
        w.WriteString("KeyUsage", key.Usage);
        w.WriteString("KeyState", key.State);
        if (key.DeletionDate is { } deletion)
        {
            w.WriteNumber("DeletionDate", deletion.ToUnixTimeMilliseconds() / 1000.0);
            w.WriteNumber("PendingDeletionWindowInDays", key.PendingWindowInDays!.Value);
        }
        w.WriteString("Origin", "AWS_KMS");
        w.WriteString("KeyManager", "CUSTOMER");
        w.WriteString("CustomerMasterKeySpec", key.Spec);
        w.WriteString("KeySpec", key.Spec);
        if (key.MacAlgorithms.Count > 0)
        {
            w.WriteStartArray("MacAlgorithms");
            foreach (var a in key.MacAlgorithms)
            {
                w.WriteStringValue(a);
            }
            w.WriteEndArray();
        }
        else
        {
            w.WriteStartArray("EncryptionAlgorithms");
            w.WriteStringValue("SYMMETRIC_DEFAULT");
            w.WriteEndArray();
        }
        w.WriteBoolean("MultiRegion", false);
        w.WriteEndObject();
    }
}
