namespace Sluice.Shared.Aws;

/// <summary>The intermediate and final products of signing one request.</summary>
public sealed record SigV4Signature(string CanonicalRequest, string StringToSign, string Authorization, string SignedHeaders);
