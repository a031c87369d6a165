using Sluice.LocalCloud.Kms;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.Kinesis;

/// <summary>How Kinesis answers a KMS key it cannot use: KMS's own failure under Kinesis's error names.</summary>
internal static class KinesisKms
{
    public static void Verify(KmsService kms, string keyId)
    {
        KmsKey key;
        try
        {
            key = kms.Key(keyId);
        }
        catch (AwsServiceException e) when (e.Code is "NotFoundException" or "InvalidArnException")
        {
            throw new AwsServiceException("KMSNotFoundException", e.Message);
        }
        if (!key.Enabled)
        {
            throw new AwsServiceException("KMSDisabledException", $"{key.Arn} is disabled.");
        }
        if (key.DeletionDate is not null)
        {
            throw new AwsServiceException("KMSInvalidStateException", $"{key.Arn} is pending deletion.");
        }
        if (key.Usage != "ENCRYPT_DECRYPT" || !key.Spec.StartsWith("SYMMETRIC", StringComparison.Ordinal))
        {
            throw KinesisErrors.InvalidArgument($"The KMS key {key.Arn} is not a symmetric encryption key; Kinesis encrypts only with SYMMETRIC_DEFAULT ENCRYPT_DECRYPT keys.");
        }
    }
}
