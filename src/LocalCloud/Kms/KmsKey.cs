namespace Sluice.LocalCloud.Kms;

/// <summary>One KMS key of the local cloud: its metadata as DescribeKey answers it, and its secret material.</summary>
internal sealed class KmsKey(string id, string arn, string spec, string usage, DateTimeOffset created, byte[] material)
{
    public string Id { get; } = id;

    public string Arn { get; } = arn;

    public string Spec { get; } = spec;

    public string Usage { get; } = usage;

    public DateTimeOffset Created { get; } = created;

    /// <summary>The secret: 32 random bytes for SYMMETRIC_DEFAULT, the HMAC key's length for HMAC specs.</summary>
    public byte[] Material { get; } = material;

    public string Description { get; set; } = "";

    public bool Enabled { get; set; } = true;

    /// <summary>Set while the key waits for deletion (ScheduleKeyDeletion); the key refuses every use.</summary>
    public DateTimeOffset? DeletionDate { get; set; }

    public int? PendingWindowInDays { get; set; }

    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

    /// <summary>A copy to change and write to the store before the key itself changes.</summary>
    public KmsKey Copy()
    {
        var copy = new KmsKey(Id, Arn, Spec, Usage, Created, Material) { Description = Description, Enabled = Enabled, DeletionDate = DeletionDate, PendingWindowInDays = PendingWindowInDays };
        foreach (var (name, value) in Tags)
        {
            copy.Tags[name] = value;
        }
        return copy;
    }

    public string State => DeletionDate is not null ? "PendingDeletion" : Enabled ? "Enabled" : "Disabled";

    /// <summary>The MAC algorithms an HMAC key supports (one per spec, as in AWS); empty for other keys.</summary>
    public IReadOnlyList<string> MacAlgorithms => Spec switch
    {
        "HMAC_256" => ["HMAC_SHA_256"],
        "HMAC_384" => ["HMAC_SHA_384"],
        "HMAC_512" => ["HMAC_SHA_512"],
        _ => [],
    };
}
