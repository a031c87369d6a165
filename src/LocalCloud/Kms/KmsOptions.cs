namespace Sluice.LocalCloud.Kms;

/// <summary>KMS's settings on the local cloud.</summary>
internal sealed record KmsOptions(string Region, string AccountId, TimeProvider Clock);
