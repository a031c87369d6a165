namespace Sluice.Shared.Aws;

/// <summary>Static AWS credentials; <see cref="SessionToken"/> is set for temporary (STS) credentials.</summary>
public sealed class AwsCredentials
{
    public AwsCredentials(string accessKeyId, string secretAccessKey, string? sessionToken = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKeyId);
        ArgumentException.ThrowIfNullOrEmpty(secretAccessKey);
        AccessKeyId = accessKeyId;
        SecretAccessKey = secretAccessKey;
        SessionToken = string.IsNullOrEmpty(sessionToken) ? null : sessionToken;
    }

    public string AccessKeyId { get; }

    public string SecretAccessKey { get; }

    public string? SessionToken { get; }

    // Keeps the secret out of logs and exception dumps.
    public override string ToString() => $"AwsCredentials({AccessKeyId}, secret hidden)";
}
