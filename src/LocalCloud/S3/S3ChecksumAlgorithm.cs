namespace Sluice.LocalCloud.S3;

/// <summary>The checksum algorithms S3 accepts in <c>x-amz-checksum-*</c> headers and trailers.</summary>
internal enum S3ChecksumAlgorithm
{
    Crc32,
    Crc32C,
    Crc64Nvme,
    Sha1,
    Sha256,
    Sha512,
    Md5,
    XxHash64,
    XxHash3,
    XxHash128,
}
