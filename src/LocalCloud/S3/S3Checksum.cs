namespace Sluice.LocalCloud.S3;

/// <summary>An object's (or part's) stored checksum: algorithm, base64 value (with <c>-N</c> for a composite), type.</summary>
internal sealed record S3Checksum(S3ChecksumAlgorithm Algorithm, string Value, bool FullObject)
{
    /// <summary><c>FULL_OBJECT</c> or <c>COMPOSITE</c>, as <c>x-amz-checksum-type</c> says it.</summary>
    public string Type => FullObject ? "FULL_OBJECT" : "COMPOSITE";
}
